/**
 * Outputs of executed code cells → Markdown blocks (text) and figure jobs (plotly JSON or PNG → PNG files).
 */
import { figuresFromOutput, isPlotlyLibraryOutput } from '../../src/viz/figure-html';
import { fencedBlock } from './page-markdown';
import { joinText, Notebook, NotebookOutput } from './notebook-file';

/** A plotly figure as JSON. */
export interface PlotlyFigure {
  data: unknown[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
  frames?: unknown[];
}

/** A figure to write next to the pages: `file` is relative to the pages folder (`figures/07-1.png`). */
export type FigureJob =
  | { kind: 'plotly'; file: string; figure: PlotlyFigure; number: number }
  | { kind: 'png'; file: string; data: Buffer; number: number };

/** Outputs of one page: Markdown blocks per code cell (0-based index) and the figures to produce. */
export interface PageOutputs {
  blocksByCell: Map<number, string[]>;
  figures: FigureJob[];
}

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

/** A text output as a ```text block, or nothing when it is blank. */
function textBlock(text: string): string[] {
  const cleaned = cleanTerminalText(text);
  return cleaned === '' ? [] : [fencedBlock(cleaned, 'text')];
}

/** Merges consecutive stream outputs of the same stream (tslab sends many small chunks). */
function mergeStreams(outputs: readonly NotebookOutput[]): NotebookOutput[] {
  const merged: NotebookOutput[] = [];
  for (const output of outputs) {
    const last = merged[merged.length - 1];
    if (output.output_type === 'stream' && last?.output_type === 'stream' && last.name === output.name) {
      merged[merged.length - 1] = { ...last, text: joinText(last.text) + joinText(output.text) };
    } else merged.push(output);
  }
  return merged;
}

/** Reads a MIME bundle entry as a string (nbformat stores text as a string or a list of lines). */
function mimeText(value: unknown): string {
  return Array.isArray(value) ? value.join('') : typeof value === 'string' ? value : '';
}

/**
 * Collects a page's outputs: text outputs become ```text blocks, plotly figures and PNG images become
 * `figures/<NN>-<k>.png` (k counts figures in page order) shown with a Markdown image link.
 */
export function collectPageOutputs(notebook: Notebook, baseName: string, partNumber: number): PageOutputs {
  const prefix = baseName.slice(0, 2);
  const blocksByCell = new Map<number, string[]>();
  const figures: FigureJob[] = [];
  const figureBlock = (number: number, file: string): string => `![Figure ${number} de la partie ${partNumber}](${file})`;

  notebook.cells.forEach((cell, index) => {
    if (cell.cell_type !== 'code' || !cell.outputs || cell.outputs.length === 0) return;
    const blocks: string[] = [];
    for (const output of mergeStreams(cell.outputs)) {
      if (output.output_type === 'stream') {
        blocks.push(...textBlock(joinText(output.text)));
      } else if (output.output_type === 'error') {
        const traceback = (output.traceback ?? []).join('\n');
        const text = traceback.trim() !== '' ? traceback : `${output.ename ?? 'Error'}: ${output.evalue ?? ''}`;
        blocks.push(...textBlock(`Erreur :\n${text}`));
      } else if (output.output_type === 'execute_result' || output.output_type === 'display_data') {
        const data = output.data ?? {};
        // The course's figure outputs (src/viz/figure-html.ts owns their format): plotly JSON, else the HTML's JSON blocks.
        const plotly: PlotlyFigure[] = figuresFromOutput({ data });
        if (plotly.length > 0) {
          for (const figure of plotly) {
            const number = figures.length + 1;
            const file = `figures/${prefix}-${number}.png`;
            figures.push({ kind: 'plotly', file, figure, number });
            blocks.push(figureBlock(number, file));
          }
        } else if (isPlotlyLibraryOutput({ data })) {
          // plotly.js library output (loadPlotly): nothing to show
        } else if (typeof data['image/png'] === 'string' || Array.isArray(data['image/png'])) {
          const number = figures.length + 1;
          const file = `figures/${prefix}-${number}.png`;
          figures.push({ kind: 'png', file, data: Buffer.from(mimeText(data['image/png']).replace(/\s+/g, ''), 'base64'), number });
          blocks.push(figureBlock(number, file));
        } else if ('text/markdown' in data) {
          const markdown = mimeText(data['text/markdown']).trim();
          if (markdown !== '') blocks.push(markdown);
        } else if ('text/plain' in data) {
          blocks.push(...textBlock(mimeText(data['text/plain'])));
        } else if ('text/html' in data && !/<script/i.test(mimeText(data['text/html']))) {
          const html = mimeText(data['text/html']).trim();
          if (html !== '') blocks.push(html);
        }
      }
    }
    if (blocks.length > 0) blocksByCell.set(index, blocks);
  });
  return { blocksByCell, figures };
}
