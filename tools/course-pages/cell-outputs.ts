/**
 * Outputs of executed code cells → what the results store keeps: cleaned text, Markdown, figures (PNG and/or plotly
 * JSON). The figure output format itself is src/viz/figure-html.ts's, read here through its functions only.
 */
import { figuresFromOutput, isPlotlyLibraryOutput, PNG_MIME } from '../../src/viz/figure-html';
import type { Figure } from '../../src/viz/types';
import { joinMultiline, Notebook, NotebookOutput } from '../notebook-format';


/** An output of a code cell as the store keeps it, before its figure is named: text, Markdown, or a figure. */
export type CellOutput =
  | { text: string }
  | { markdown: string }
  | { figure: { png?: Buffer; plotly?: Figure } };

/** Longest text output kept in a page; longer ones keep their head and tail. */
export const MAX_OUTPUT_LINES = 200;
const HEAD_LINES = 50;

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07/g;

/**
 * Text as a terminal would show it: ANSI colours removed, each `\r`-rewritten line (progress bars) reduced to
 * its last state, trailing spaces and blank lines dropped, very long outputs shortened in the middle.
 */
export function cleanTerminalText(text: string): string {
  const lines = text
    .replace(/\r\n/g, '\n')
    .replace(ANSI, '')
    .split('\n')
    .map((line) => {
      const states = line.split('\r').filter((state) => state !== '');
      return (states.length > 0 ? states[states.length - 1] : '').replace(/\s+$/, '');
    });
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  while (lines.length > 0 && lines[0] === '') lines.shift();
  if (lines.length > MAX_OUTPUT_LINES) {
    const tail = MAX_OUTPUT_LINES - HEAD_LINES;
    const omitted = lines.length - MAX_OUTPUT_LINES;
    return [...lines.slice(0, HEAD_LINES), `… (${omitted} lignes omises) …`, ...lines.slice(-tail)].join('\n');
  }
  return lines.join('\n');
}

/** A text output, or nothing when it is blank. */
function textOutput(text: string): CellOutput[] {
  const cleaned = cleanTerminalText(text);
  return cleaned === '' ? [] : [{ text: cleaned }];
}

/** Merges consecutive stream outputs of the same stream (tslab sends many small chunks). */
function mergeStreams(outputs: readonly NotebookOutput[]): NotebookOutput[] {
  const merged: NotebookOutput[] = [];
  for (const output of outputs) {
    const last = merged[merged.length - 1];
    if (output.output_type === 'stream' && last?.output_type === 'stream' && last.name === output.name) {
      merged[merged.length - 1] = { ...last, text: joinMultiline(last.text) + joinMultiline(output.text) };
    } else merged.push(output);
  }
  return merged;
}

/** Reads a MIME bundle entry as a string (nbformat stores text as a string or a list of lines). */
function mimeText(value: unknown): string {
  return Array.isArray(value) ? value.join('') : typeof value === 'string' ? value : '';
}

/** Plotly figures of a MIME bundle (figure-html's format); none when its JSON is damaged. */
function plotlyFigures(data: Record<string, unknown>): Figure[] {
  try {
    return figuresFromOutput({ data });
  } catch {
    return [];
  }
}

/** True for a figure that draws pixels (image or heatmap traces: faces, reconstructions), whose PNG says it all. */
export function isPixelFigure(figure: Figure): boolean {
  return figure.data.some((trace) => {
    const type = (trace as { type?: unknown }).type;
    return type === 'image' || type === 'heatmap';
  });
}

/** Decodes a bundle's base64 `image/png` entry, or undefined when there is none. */
function bundlePng(data: Record<string, unknown>): Buffer | undefined {
  const value = data[PNG_MIME];
  if (typeof value !== 'string' && !Array.isArray(value)) return undefined;
  return Buffer.from(mimeText(value).replace(/\s+/g, ''), 'base64');
}

/**
 * The outputs of each code cell (in code-cell order): streams and plain results become cleaned text, errors
 * text after « Erreur : », Markdown stays Markdown, and each figure keeps the bundle's static `image/png` (the
 * viz helper adds one to pixel figures) and its plotly JSON, whichever the bundle has. The plotly.js library
 * output and HTML widgets show nothing.
 */
export function collectCellOutputs(notebook: Notebook): CellOutput[][] {
  return notebook.cells
    .filter((cell) => cell.cell_type === 'code')
    .map((cell) => {
      const outputs: CellOutput[] = [];
      for (const output of mergeStreams(cell.outputs ?? [])) {
        if (output.output_type === 'stream') {
          outputs.push(...textOutput(joinMultiline(output.text)));
        } else if (output.output_type === 'error') {
          const traceback = (output.traceback ?? []).join('\n');
          const text = traceback.trim() !== '' ? traceback : `${output.ename ?? 'Error'}: ${output.evalue ?? ''}`;
          outputs.push(...textOutput(`Erreur :\n${text}`));
        } else if (output.output_type === 'execute_result' || output.output_type === 'display_data') {
          const data = output.data ?? {};
          const plotly = plotlyFigures(data);
          const png = bundlePng(data);
          if (plotly.length > 0) {
            plotly.forEach((figure, k) => outputs.push({ figure: { plotly: figure, png: k === 0 ? png : undefined } }));
          } else if (png) {
            outputs.push({ figure: { png } });
          } else if (isPlotlyLibraryOutput({ data })) {
            // plotly.js library output (loadPlotly): nothing to show
          } else if ('text/markdown' in data) {
            const markdown = mimeText(data['text/markdown']).trim();
            if (markdown !== '') outputs.push({ markdown });
          } else if ('text/plain' in data) {
            outputs.push(...textOutput(mimeText(data['text/plain'])));
          }
        }
      }
      return outputs;
    });
}
