/**
 * Code cells a learner reads: no line longer than MAX_CODE_LINE characters, so that a cell fits in
 * JupyterLab and in the rendered pages without horizontal scrolling.
 */
import { cellSource, Notebook } from '../notebook-format';
import { Problem, quoteExcerpt } from './problem';

/** The longest code line allowed in a notebook, in characters. */
export const MAX_CODE_LINE = 100;

/** Reports each code line of `notebook` longer than MAX_CODE_LINE, with its cell, length and start. */
export function checkCodeLineLength(notebook: Notebook, file: string): Problem[] {
  const problems: Problem[] = [];
  notebook.cells.forEach((cell, index) => {
    if (cell.cell_type !== 'code') return;
    cellSource(cell)
      .split('\n')
      .forEach((line, lineIndex) => {
        const length = [...line].length;
        if (length <= MAX_CODE_LINE) return;
        problems.push({
          file,
          cell: index + 1,
          message:
            `la ligne ${lineIndex + 1} du code fait ${length} caractères (au plus ${MAX_CODE_LINE}) : ` +
            `« ${quoteExcerpt(line)} ». Coupez-la (un argument par ligne, ou une variable intermédiaire).`,
        });
      });
  });
  return problems;
}
