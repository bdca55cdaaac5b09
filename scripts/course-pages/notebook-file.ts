/**
 * Reading course notebooks (.ipynb, nbformat 4): types, cell sources, file names.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { excerptAround } from './problem';

/** One output of an executed code cell (nbformat 4). */
export interface NotebookOutput {
  output_type: 'stream' | 'execute_result' | 'display_data' | 'error' | string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  execution_count?: number | null;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

/** One notebook cell (nbformat 4). */
export interface NotebookCell {
  cell_type: 'markdown' | 'code' | 'raw' | string;
  source: string | string[];
  metadata?: Record<string, unknown>;
  outputs?: NotebookOutput[];
  execution_count?: number | null;
  attachments?: Record<string, unknown>;
}

/** A parsed notebook (nbformat 4). */
export interface Notebook {
  cells: NotebookCell[];
  metadata?: Record<string, unknown>;
  nbformat?: number;
  nbformat_minor?: number;
}

/** A course notebook file: `NN-<slug>.ipynb`. */
export interface NotebookFileName {
  /** File name, e.g. `07-preparation-des-donnees-d-entrainement.ipynb`. */
  fileName: string;
  /** Part number read from the two-digit prefix. */
  number: number;
  /** Base name without extension, shared by the notebook and its page (`07-…`). */
  baseName: string;
}

/** Pattern of a course notebook's file name: two digits, a dash, an ASCII kebab-case slug. */
export const NOTEBOOK_FILE_PATTERN = /^(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.ipynb$/;

/** Joins a cell's or output's multi-line text (string or list of lines) and normalises line ends to \n. */
export function joinText(text: string | string[] | undefined): string {
  const joined = Array.isArray(text) ? text.join('') : (text ?? '');
  return joined.replace(/\r\n/g, '\n');
}

/** Source text of a cell, line ends normalised to \n. */
export function cellSource(cell: NotebookCell): string {
  return joinText(cell.source);
}

/** Parses a course notebook file name, or returns undefined when it does not follow `NN-<slug>.ipynb`. */
export function parseNotebookFileName(fileName: string): NotebookFileName | undefined {
  const match = NOTEBOOK_FILE_PATTERN.exec(fileName);
  if (!match) return undefined;
  return { fileName, number: Number(match[1]), baseName: fileName.slice(0, -'.ipynb'.length) };
}

/** Lists the `.ipynb` files of a folder (not recursive), sorted by name; [] when the folder is absent. */
export function listIpynbFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ipynb'))
    .map((entry) => entry.name)
    .sort();
}

/** Result of reading a notebook: the notebook, or a French description of why it could not be read (and the line, when known). */
export type ReadNotebookResult = { notebook: Notebook } | { error: string; line?: number };

/** Reads and parses a notebook file; JSON or shape errors come back as a French message (never thrown). */
export function readNotebook(file: string): ReadNotebookResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return { error: `lecture impossible (${(err as Error).message}).` };
  }
  return parseNotebookText(text);
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
export function parseNotebookText(text: string): ReadNotebookResult {
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
  return { notebook };
}

/** Path with forward slashes, relative to root (for messages and generated links). */
export function relativePosix(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}
