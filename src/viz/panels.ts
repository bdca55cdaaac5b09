/**
 * Shared layout helpers for the figure builders: a grid of panels (subplots) with titles, image traces
 * in 0–255 RGB without ticks, and French number formatting. Pure functions over plain arrays.
 */
import type { Figure, PlainImage, PlotlyTrace } from './types';

/** One cell of a panel grid: its traces (axes are assigned by {@link panelGrid}) and how its axes look. */
export interface Panel {
  /** Traces drawn in this cell (without `xaxis`/`yaxis`: the grid sets them). */
  traces: PlotlyTrace[];
  /** Title shown above the cell. */
  title?: string;
  /** 'image': no ticks, no grid, fixed pixel ranges; 'plot': ordinary axes with ticks. */
  kind: 'image' | 'plot';
  /** For 'image' cells: the image size, to fix the axis ranges. */
  imageSize?: { height: number; width: number };
  /** Extra x / y axis attributes (e.g. titles for 'plot' cells). */
  xaxis?: Record<string, unknown>;
  yaxis?: Record<string, unknown>;
}

/** Options of {@link panelGrid}. */
export interface PanelGridOptions {
  /** Cells per row (default: all cells on one row). */
  columns?: number;
  /** Figure title. */
  title?: string;
  /** Width and height of one cell in pixels (default 120 × 120). */
  cellWidth?: number;
  cellHeight?: number;
  /** Space between cells in pixels (default 12; give more when 'plot' cells have tick labels). */
  gap?: number;
  /** Height of the band above each cell for its title (default 22 px when any cell has a title, else 0). */
  titleHeight?: number;
  /** Whether the plotly legend is shown (default false). */
  showLegend?: boolean;
  /** Bottom margin in pixels (default 10; more when the last row has tick labels or an axis title). */
  marginBottom?: number;
}

const MARGIN = { l: 10, r: 10, b: 10 };

/** Rounds a layout coordinate so figures print the same on every machine. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * Lays out `panels` row by row on a grid and returns the figure: one x/y axis pair per cell
 * (`x`, `x2`, … / `y`, `y2`, …), fixed pixel size, titles as annotations. Pure.
 */
export function panelGrid(panels: Panel[], options: PanelGridOptions = {}): Figure {
  if (panels.length === 0) {
    throw new Error('figure : rien à tracer (aucune image ni aucun panneau) ; passez au moins une image.');
  }
  const columns = Math.min(panels.length, options.columns ?? panels.length);
  if (!Number.isInteger(columns) || columns < 1) {
    throw new Error(`figure : columns doit être un entier ≥ 1, reçu ${options.columns} ; passez par exemple 4.`);
  }
  const rows = Math.ceil(panels.length / columns);
  const cellWidth = options.cellWidth ?? 120;
  const cellHeight = options.cellHeight ?? 120;
  const gap = options.gap ?? 12;
  const titleHeight = options.titleHeight ?? (panels.some((p) => p.title) ? 22 : 0);
  const plotWidth = columns * cellWidth + (columns - 1) * gap;
  const plotHeight = rows * (cellHeight + titleHeight) + (rows - 1) * gap;
  const top = options.title ? 50 : 10;
  const bottom = options.marginBottom ?? MARGIN.b;

  const data: PlotlyTrace[] = [];
  const annotations: Record<string, unknown>[] = [];
  const layout: Record<string, unknown> = {};
  panels.forEach((panel, i) => {
    const row = Math.floor(i / columns);
    const column = i % columns;
    const suffix = i === 0 ? '' : String(i + 1);
    const x0 = (column * (cellWidth + gap)) / plotWidth;
    const x1 = (column * (cellWidth + gap) + cellWidth) / plotWidth;
    const yTop = 1 - (row * (cellHeight + titleHeight + gap) + titleHeight) / plotHeight;
    const yBottom = yTop - cellHeight / plotHeight;
    const xName = `x${suffix}`;
    const yName = `y${suffix}`;
    for (const trace of panel.traces) data.push({ ...trace, xaxis: xName, yaxis: yName });
    const xaxis: Record<string, unknown> = { domain: [round(x0), round(x1)], anchor: yName };
    const yaxis: Record<string, unknown> = { domain: [round(yBottom), round(yTop)], anchor: xName };
    if (panel.kind === 'image') {
      const hidden = { showticklabels: false, ticks: '', showgrid: false, zeroline: false, showline: false };
      Object.assign(xaxis, hidden);
      Object.assign(yaxis, hidden);
      if (panel.imageSize) {
        xaxis.range = [-0.5, panel.imageSize.width - 0.5];
        yaxis.range = [panel.imageSize.height - 0.5, -0.5];
      }
      yaxis.scaleanchor = xName;
      xaxis.constrain = 'domain';
      yaxis.constrain = 'domain';
    } else {
      Object.assign(xaxis, { automargin: false, zeroline: false });
      Object.assign(yaxis, { automargin: false, zeroline: false });
    }
    layout[`xaxis${suffix}`] = { ...xaxis, ...panel.xaxis };
    layout[`yaxis${suffix}`] = { ...yaxis, ...panel.yaxis };
    if (panel.title) {
      annotations.push({
        text: panel.title,
        x: round((x0 + x1) / 2),
        y: round(yTop),
        xref: 'paper',
        yref: 'paper',
        xanchor: 'center',
        yanchor: 'bottom',
        showarrow: false,
        font: { size: 12 },
      });
    }
  });
  return {
    data,
    layout: {
      ...(options.title ? { title: { text: options.title, x: 0.5, xanchor: 'center' } } : {}),
      width: MARGIN.l + MARGIN.r + plotWidth,
      height: top + bottom + plotHeight,
      margin: { ...MARGIN, t: top, b: bottom },
      showlegend: options.showLegend ?? false,
      separators: ', ',
      ...layout,
      annotations,
    },
  };
}

/** Converts an image in [0, 1] (`[h][w][3]` or `[h][w][1]`) to plotly's 0–255 RGB integers, clipped. */
export function imageToRgb255(image: PlainImage, what = 'image'): number[][][] {
  checkImage(image, what);
  return image.map((row) =>
    row.map((pixel) => {
      const [r, g, b] = pixel.length === 1 ? [pixel[0], pixel[0], pixel[0]] : pixel;
      return [to255(r), to255(g), to255(b)];
    }),
  );
}

function to255(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.round(Math.min(1, Math.max(0, value)) * 255);
}

/** Throws a clear Error unless `image` is `[h][w][c]` with c = 1 or 3 and the same width on every row. */
export function checkImage(image: PlainImage, what = 'image'): void {
  const ok =
    Array.isArray(image) &&
    image.length > 0 &&
    Array.isArray(image[0]) &&
    image[0].length > 0 &&
    Array.isArray(image[0][0]) &&
    (image[0][0].length === 3 || image[0][0].length === 1) &&
    image.every((row) => Array.isArray(row) && row.length === image[0].length);
  if (!ok) {
    throw new Error(
      `figure : ${what} doit être un tableau imbriqué [hauteur][largeur][3] (RVB dans [0, 1]) ; ` +
        "convertissez d'abord un tenseur avec tensorToImages(tensor).",
    );
  }
}

/** An image panel: one plotly `image` trace (z in 0–255 RGB) with hidden axes and fixed ranges. */
export function imagePanel(image: PlainImage, title?: string, what = 'image'): Panel {
  const z = imageToRgb255(image, what);
  return {
    kind: 'image',
    title,
    imageSize: { height: z.length, width: z[0].length },
    traces: [
      {
        type: 'image',
        z,
        colormodel: 'rgb',
        hovertemplate: 'x : %{x}<br>y : %{y}<br>RVB : %{z}<extra></extra>',
      },
    ],
  };
}

/**
 * The layout the line charts share (loss curves, code sizes): centred title, 640 × 400 px by default, French
 * decimal separators, legend in the top right corner. Builders add their axes.
 */
export function lineChartLayout(options: { title: string; width?: number; height?: number; showLegend: boolean }): Record<string, unknown> {
  return {
    title: { text: options.title, x: 0.5, xanchor: 'center' },
    width: options.width ?? 640,
    height: options.height ?? 400,
    margin: { l: 70, r: 20, t: 50, b: 50 },
    separators: ', ',
    showlegend: options.showLegend,
    legend: { x: 1, xanchor: 'right', y: 1 },
  };
}

/** Formats a number the French way with at most `digits` decimals, trailing zeros removed: 0.1 → "0,1". */
export function formatDecimal(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  const fixed = value.toFixed(digits);
  const trimmed = fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
  return (trimmed === '-0' ? '0' : trimmed).replace('.', ',');
}

/** Formats a number the French way with exactly `digits` decimals: 0.00551 → "0,0055". */
export function formatFixed(value: number, digits: number): string {
  return value.toFixed(digits).replace('.', ',');
}
