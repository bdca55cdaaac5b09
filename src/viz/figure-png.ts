/**
 * The static picture of a pixel figure: its `image` traces (and the bars of a code panel) drawn at their place
 * in the figure's layout, at the layout's size, encoded as PNG. Built straight from the figure's pixel arrays,
 * without a browser, for viewers that run no script (GitHub, nbviewer, untrusted notebooks, PDF export).
 * Titles and axes are not drawn.
 */
import { encodePng } from './png-encoder';
import type { Figure, PlotlyTrace } from './types';

/** A rectangle in picture pixels. */
interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

const WHITE = 255;
const DEFAULT_BAR_COLOUR: [number, number, number] = [0x1f, 0x77, 0xb4];

/**
 * PNG bytes of `figure`'s pixel content at layout.width × layout.height, or undefined when the figure has no
 * `image` trace (line charts) or no fixed size. Pure and synchronous.
 */
export function figurePng(figure: Figure): Buffer | undefined {
  const { width, height } = figure.layout;
  if (typeof width !== 'number' || typeof height !== 'number') return undefined;
  if (!figure.data.some((trace) => trace.type === 'image')) return undefined;
  const w = Math.round(width);
  const h = Math.round(height);
  const rgb = new Uint8Array(w * h * 3).fill(WHITE);
  for (const trace of figure.data) {
    const box = traceBox(figure, trace, w, h);
    if (trace.type === 'image') drawImage(rgb, w, box, trace.z as number[][][]);
    else if (trace.type === 'bar') drawBars(rgb, w, box, trace);
  }
  return encodePng(w, h, rgb);
}

/** The pixel box of a trace's axes: their domains inside the plot area (layout size minus margins). */
function traceBox(figure: Figure, trace: PlotlyTrace, width: number, height: number): Box {
  const margin = (figure.layout.margin ?? {}) as { l?: number; r?: number; t?: number; b?: number };
  const [l, r, t, b] = [margin.l ?? 80, margin.r ?? 80, margin.t ?? 100, margin.b ?? 80];
  const plotWidth = width - l - r;
  const plotHeight = height - t - b;
  const xDomain = axisDomain(figure, 'x', trace.xaxis);
  const yDomain = axisDomain(figure, 'y', trace.yaxis);
  const left = l + xDomain[0] * plotWidth;
  const top = t + (1 - yDomain[1]) * plotHeight;
  return { left, top, width: (xDomain[1] - xDomain[0]) * plotWidth, height: (yDomain[1] - yDomain[0]) * plotHeight };
}

/** Domain [from, to] (fractions of the plot area) of axis `name` ('x', 'x2', …), [0, 1] when unset. */
function axisDomain(figure: Figure, letter: 'x' | 'y', name: unknown): [number, number] {
  const suffix = typeof name === 'string' ? name.slice(1) : '';
  const axis = figure.layout[`${letter}axis${suffix}`] as { domain?: [number, number] } | undefined;
  return axis?.domain ?? [0, 1];
}

/** Draws a 0–255 RGB image `z` [h][w][3] scaled to fit `box` (aspect kept, centred, nearest pixel). */
function drawImage(rgb: Uint8Array, width: number, box: Box, z: number[][][]): void {
  const rows = z.length;
  const columns = z[0].length;
  const scale = Math.min(box.width / columns, box.height / rows);
  const left = Math.round(box.left + (box.width - columns * scale) / 2);
  const top = Math.round(box.top + (box.height - rows * scale) / 2);
  const drawnWidth = Math.round(columns * scale);
  const drawnHeight = Math.round(rows * scale);
  for (let y = 0; y < drawnHeight; y++) {
    const source = z[Math.min(rows - 1, Math.floor(y / scale))];
    for (let x = 0; x < drawnWidth; x++) {
      const pixel = source[Math.min(columns - 1, Math.floor(x / scale))];
      setPixel(rgb, width, left + x, top + y, pixel);
    }
  }
}

/** Draws a bar trace (one bar per y value, from zero) inside `box`, coloured as its marker says. */
function drawBars(rgb: Uint8Array, width: number, box: Box, trace: PlotlyTrace): void {
  const values = (trace.y as number[]).map((v) => (Number.isFinite(v) ? v : 0));
  const colours = (trace.marker as { color?: unknown } | undefined)?.color;
  const low = Math.min(0, ...values);
  const high = Math.max(0, ...values);
  const span = high - low || 1;
  const toY = (v: number) => Math.round(box.top + ((high - v) / span) * box.height);
  const barWidth = box.width / values.length;
  values.forEach((value, i) => {
    const colour = hexColour(Array.isArray(colours) ? colours[i] : colours) ?? DEFAULT_BAR_COLOUR;
    const x0 = Math.round(box.left + i * barWidth + barWidth * 0.1);
    const x1 = Math.max(x0 + 1, Math.round(box.left + (i + 1) * barWidth - barWidth * 0.1));
    const [y0, y1] = [toY(Math.max(0, value)), toY(Math.min(0, value))];
    for (let y = y0; y < Math.max(y0 + 1, y1); y++) for (let x = x0; x < x1; x++) setPixel(rgb, width, x, y, colour);
  });
}

/** [r, g, b] of a '#rrggbb' colour, undefined for anything else. */
function hexColour(colour: unknown): [number, number, number] | undefined {
  if (typeof colour !== 'string' || !/^#[0-9a-f]{6}$/i.test(colour)) return undefined;
  return [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16)) as [number, number, number];
}

function setPixel(rgb: Uint8Array, width: number, x: number, y: number, colour: ArrayLike<number>): void {
  if (x < 0 || x >= width || y < 0 || (y * width + x) * 3 >= rgb.length) return;
  const offset = (y * width + x) * 3;
  rgb[offset] = colour[0];
  rgb[offset + 1] = colour[1];
  rgb[offset + 2] = colour[2];
}
