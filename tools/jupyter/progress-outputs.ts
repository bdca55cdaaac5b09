/**
 * Checks that an executed notebook keeps only the final state of each progress bar (src/progress.ts): a
 * bar drawn in place leaves one line per epoch, whereas every intermediate redraw saved in the notebook would
 * make a training cell hundreds of lines long in viewers that do not replay carriage returns.
 */
import { joinMultiline, type Notebook } from '../notebook-format';

/** A bar as ProgressBar.render draws it: `[====>....] done/total` (items) or `done/total MiB` (bytes). */
const BAR = /\[[=>.]+\] (\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)/;

/** Progress-bar lines of an executed notebook, per code cell: all of them, and those that are not a final state. */
export interface ProgressLines {
  cellIndex: number;
  lines: string[];
  unfinished: string[];
}

/** Every text a cell's outputs show: stream text and text/plain of display data, split at \n and \r. */
function outputLines(outputs: NonNullable<Notebook['cells'][number]['outputs']>): string[] {
  const texts = outputs.map((output) => {
    if (output.output_type === 'stream') return joinMultiline(output.text);
    if (output.output_type === 'error') return '';
    const plain = output.data['text/plain'];
    return typeof plain === 'string' || Array.isArray(plain) ? joinMultiline(plain as string | string[]) : '';
  });
  return texts.join('\n').split(/\r|\n/).filter((line) => line.trim() !== '');
}

/** The progress-bar lines each code cell saved (cells without any are left out). */
export function progressLines(notebook: Notebook): ProgressLines[] {
  const found: ProgressLines[] = [];
  notebook.cells.forEach((cell, cellIndex) => {
    if (cell.cell_type !== 'code') return;
    const lines = outputLines(cell.outputs ?? []).filter((line) => BAR.test(line));
    if (lines.length === 0) return;
    const unfinished = lines.filter((line) => {
      const [, done, total] = BAR.exec(line)!;
      return Number(done) < Number(total);
    });
    found.push({ cellIndex, lines, unfinished });
  });
  return found;
}
