/**
 * The nodejs-polars entry the course uses, re-exported so that notebooks build expressions
 * (`pl.col('Smiling').gt(0)`) with the same polars module as the library's DataFrames.
 * Introduced in 30-pour-aller-plus-loin-arithmetique-latente.
 */
import pl from 'nodejs-polars';

export { pl };
