/**
 * Minimal nbformat v4 model: read, clean, copy and write notebooks (atomically), and the output helpers
 * the runner needs (stream merging with carriage returns, multiline strings as Jupyter stores them).
 */
import { promises as fs } from 'fs';
import { writeFileAtomic } from '../atomic-write';
import { sortKeysDeep } from '../sorted-keys';

/** A string or the list of lines Jupyter stores for it. */
export type MultilineString = string | string[];

/** One output of a code cell (nbformat v4). */
export type NotebookOutput =
  | { output_type: 'stream'; name: 'stdout' | 'stderr'; text: MultilineString }
  | { output_type: 'display_data'; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | {
      output_type: 'execute_result';
      data: Record<string, unknown>;
      metadata: Record<string, unknown>;
      execution_count: number | null;
    }
  | { output_type: 'error'; ename: string; evalue: string; traceback: string[] };

/** One notebook cell (nbformat v4); `outputs`/`execution_count` exist on code cells only. */
export interface NotebookCell {
  cell_type: 'code' | 'markdown' | 'raw';
  source: MultilineString;
  metadata: Record<string, unknown>;
  outputs?: NotebookOutput[];
  execution_count?: number | null;
  id?: string;
  attachments?: Record<string, unknown>;
}

/** A notebook document (nbformat v4). */
export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown> & {
    kernelspec?: { name?: string; language?: string; display_name?: string };
  };
  nbformat: number;
  nbformat_minor: number;
}

/** Joins a multiline string (string or list of lines) into one string. */
export function joinMultiline(value: MultilineString | undefined): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join('') : value;
}

/** Splits a string into the list of lines (each keeping its '\n') that Jupyter writes to .ipynb files. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * Applies carriage returns the way notebook front ends show them: on each line, a `\r` followed by text
 * replaces what came before (progress bars). A trailing `\r` is kept so that the next chunk still overwrites.
 */
export function collapseCarriageReturns(text: string): string {
  return text
    .replace(/\r+\n/g, '\n')
    .split('\n')
    .map((line) => {
      if (!line.includes('\r')) return line;
      const segments = line.split('\r');
      const last = segments[segments.length - 1];
      if (last !== '') return last;
      const previous = [...segments].reverse().find((segment) => segment !== '') ?? '';
      return `${previous}\r`;
    })
    .join('\n');
}

/** Appends stream text to `outputs`, merged into the previous output when it is the same stream (as Jupyter does). */
export function appendStream(outputs: NotebookOutput[], name: 'stdout' | 'stderr', text: string): void {
  const last = outputs[outputs.length - 1];
  if (last && last.output_type === 'stream' && last.name === name) {
    last.text = collapseCarriageReturns(joinMultiline(last.text) + text);
  } else {
    outputs.push({ output_type: 'stream', name, text: collapseCarriageReturns(text) });
  }
}

/** Returns the outputs as stored in a file: stream text and textual mime data split into lines, pending `\r` dropped. */
export function toStoredOutputs(outputs: readonly NotebookOutput[]): NotebookOutput[] {
  const splitData = (data: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(data).map(([mime, value]) => [
        mime,
        typeof value === 'string' && !mime.endsWith('json') ? splitLines(value) : value,
      ]),
    );
  return outputs.map((output) => {
    switch (output.output_type) {
      case 'stream':
        return { ...output, text: splitLines(joinMultiline(output.text).replace(/\r+(?=\n|$)/g, '')) };
      case 'display_data':
      case 'execute_result':
        return { ...output, data: splitData(output.data) };
      default:
        return { ...output };
    }
  });
}

/** Reads and parses an .ipynb file; throws an Error naming the file when it is not a v4 notebook. */
export async function readNotebook(file: string): Promise<Notebook> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read notebook ${file}: ${(error as Error).message}. Check that it is valid JSON (.ipynb).`);
  }
  const notebook = parsed as Notebook;
  if (!notebook || !Array.isArray(notebook.cells) || notebook.nbformat !== 4) {
    throw new Error(`${file} is not an nbformat 4 notebook (no "cells" array or nbformat != 4). Save it with Jupyter 4+.`);
  }
  return notebook;
}

/** Deep copy of a notebook with every code cell's outputs emptied and execution count set to null. */
export function clearedNotebook(notebook: Notebook): Notebook {
  const copy = JSON.parse(JSON.stringify(notebook)) as Notebook;
  for (const cell of copy.cells) {
    if (cell.cell_type === 'code') {
      cell.outputs = [];
      cell.execution_count = null;
    }
  }
  return copy;
}

/** Serialises a notebook as Jupyter's nbformat does (sorted keys, 1-space indent, trailing newline). */
export function serializeNotebook(notebook: Notebook): string {
  return `${JSON.stringify(sortKeysDeep(notebook), null, 1)}\n`;
}

/** Writes a notebook to `file` atomically. */
export async function writeNotebook(file: string, notebook: Notebook): Promise<void> {
  writeFileAtomic(file, serializeNotebook(notebook));
}
