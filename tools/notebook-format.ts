/**
 * The one model of a notebook file (nbformat v4) for the runner, the renderer and the verifier: its types, how to
 * read it (French errors with line and column), clear it, check it has no outputs, write it (sorted keys, 1-space
 * indent, atomically), list a course folder's notebooks, and the stream/output helpers the runner needs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../src/atomic-write';
import { sortKeysDeep } from '../src/sorted-keys';
import { excerptAround } from './course-pages/problem';

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

/** Source text of a cell, line ends normalised to \n. */
export function cellSource(cell: NotebookCell): string {
  return joinMultiline(cell.source).replace(/\r\n/g, '\n');
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

/** Result of reading a notebook: the notebook, or a French description of why it could not be read (and the line, when known). */
export type ReadNotebookResult = { notebook: Notebook } | { error: string; line?: number };

/** Reads and parses a notebook file; unreadable files, JSON errors and non-notebooks come back as a French message (never thrown). */
export function readNotebook(file: string): ReadNotebookResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return { error: `lecture impossible (${(err as Error).message}).` };
  }
  return parseNotebookText(text);
}

/** Reads a notebook file, or throws an Error whose French message names the file, the line when known, and the fix. */
export function requireNotebook(file: string): Notebook {
  const read = readNotebook(file);
  if ('error' in read) throw new Error(`Carnet illisible ${file}${read.line === undefined ? '' : `, ligne ${read.line}`} : ${read.error}`);
  return read.notebook;
}

/** What a JSON syntax error usually means in a hand-edited notebook, from the parser's (English) message. */
function jsonErrorCause(parserMessage: string): string {
  if (/after property value|after array element/.test(parserMessage)) {
    return "une virgule manque, ou un guillemet droit \" non échappé a fermé la chaîne trop tôt (dans le texte, il s'écrit \\\")";
  }
  if (/Bad escaped character/.test(parserMessage)) return 'une barre oblique inverse \\ isolée (dans une chaîne JSON, elle s\'écrit \\\\)';
  if (/Bad control character/.test(parserMessage)) return 'un retour à la ligne ou une tabulation tapés dans une chaîne (ils s\'écrivent \\n et \\t)';
  if (/Unexpected end of JSON input/.test(parserMessage)) return 'le fichier s\'arrête avant la fin du JSON (crochet ou accolade fermante manquante, fichier tronqué)';
  return 'un caractère inattendu à cet endroit';
}

/** 1-based line and column of character `offset` in `text`. */
function lineAndColumn(text: string, offset: number): { line: number; column: number; lineText: string } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = text.indexOf('\n', lineStart);
  return { line, column: offset - lineStart + 1, lineText: text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd) };
}

/** Parses notebook JSON text; errors come back as a French message with the line and column of the fault. */
function parseNotebookText(text: string): ReadNotebookResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const parserMessage = (err as Error).message;
    const position = /at position (\d+)/.exec(parserMessage);
    const offset = position ? Number(position[1]) : /end of JSON input/.test(parserMessage) ? text.length : undefined;
    const advice =
      "Corrigez-le dans un éditeur de texte, ou annulez la modification faite à la main (git diff montre ce qui a changé ; " +
      'git checkout -- <fichier> rétablit la dernière version committée).';
    if (offset === undefined) return { error: `le fichier n'est plus un JSON valide. Cause probable : ${jsonErrorCause(parserMessage)}. ${advice}` };
    const at = lineAndColumn(text, offset);
    return {
      line: at.line,
      error:
        `le fichier n'est plus un JSON valide (erreur de syntaxe en colonne ${at.column}, dans « ${excerptAround(at.lineText, at.column - 1)} »). ` +
        `Cause probable : ${jsonErrorCause(parserMessage)}. ${advice}`,
    };
  }
  const notebook = value as Notebook;
  if (typeof value !== 'object' || value === null || !Array.isArray(notebook.cells)) {
    return { error: "ce n'est pas un carnet Jupyter (pas de liste « cells »). Restaurez le fichier avec git." };
  }
  if (notebook.nbformat !== 4 || typeof notebook.metadata !== 'object' || notebook.metadata === null) {
    return {
      error:
        `ce n'est pas un carnet au format nbformat 4 (« nbformat » vaut ${JSON.stringify(notebook.nbformat) ?? 'absent'}, « metadata » doit être un objet). ` +
        'Enregistrez-le avec JupyterLab (Jupyter 4 ou plus), ou restaurez-le avec git.',
    };
  }
  return { notebook };
}

/** True when a code cell carries outputs or an execution count, or lacks either field (what clearing would change). */
function hasOutputs(cell: NotebookCell): boolean {
  return cell.cell_type === 'code' && (!Array.isArray(cell.outputs) || cell.outputs.length > 0 || cell.execution_count !== null);
}

/** 1-based numbers of the code cells that carry outputs or an execution count (empty for a clean notebook). */
export function cellsWithOutputs(notebook: Notebook): number[] {
  return notebook.cells.flatMap((cell, index) => (hasOutputs(cell) ? [index + 1] : []));
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

/** Writes a notebook to `file` atomically, serialised by {@link serializeNotebook}. */
export function writeNotebook(file: string, notebook: Notebook): void {
  writeFileAtomic(file, serializeNotebook(notebook));
}

/** A `.ipynb` file of a notebooks folder. */
export interface NotebookFile {
  /** Absolute path. */
  file: string;
  /** File name, e.g. `07-preparation-des-donnees-d-entrainement.ipynb`. */
  name: string;
  /** Name without extension, shared by the notebook and its page (`07-…`). */
  baseName: string;
  /** Part number from the `NN-` prefix of a course notebook's name; undefined when the name is off the convention. */
  part: number | undefined;
}

/** A course notebook: a {@link NotebookFile} whose name follows `NN-<slug>.ipynb`. */
export type CourseNotebook = NotebookFile & { part: number };

/** Pattern of a course notebook's file name: two digits (the part number), a dash, an ASCII kebab-case slug. */
const NOTEBOOK_FILE_PATTERN = /^(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.ipynb$/;

/** Lists every `.ipynb` file of a folder (not recursive), sorted by name, with its part number; [] when the folder is absent. */
export function listNotebookFiles(dir: string): NotebookFile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ipynb'))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const match = NOTEBOOK_FILE_PATTERN.exec(name);
      return { file: path.join(path.resolve(dir), name), name, baseName: name.slice(0, -'.ipynb'.length), part: match ? Number(match[1]) : undefined };
    });
}

/** The course notebooks of a folder (names `NN-<slug>.ipynb`), in course order; files off the convention are left to the verifier. */
export function listCourseNotebooks(dir: string): CourseNotebook[] {
  return listNotebookFiles(dir).filter((entry): entry is CourseNotebook => entry.part !== undefined);
}
