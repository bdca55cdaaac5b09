/**
 * Plain data types shared by the figure builders (no tensors, no plotly import: figures are plain JSON).
 */

/** One image as nested arrays `[height][width][channels]` (3 channels RGB, or 1 grey), values in [0, 1]. */
export type PlainImage = number[][][];

/** One plotly trace (`type` plus any plotly attribute), plain JSON. */
export interface PlotlyTrace {
  type: string;
  [attribute: string]: unknown;
}

/** A plotly figure as plain JSON: what `Plotly.newPlot(div, data, layout, config)` takes. */
export interface Figure {
  data: PlotlyTrace[];
  layout: Record<string, unknown>;
  config?: Record<string, unknown>;
}
