/**
 * Reading course notebooks (.ipynb, nbformat 4): types, cell sources, file names.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

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

/** Result of reading a notebook: the notebook, or a French description of why it could not be read. */
export type ReadNotebookResult = { notebook: Notebook } | { error: string };

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

/** Parses notebook JSON text; errors come back as a French message. */
export function parseNotebookText(text: string): ReadNotebookResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return {
      error:
        `ce n'est pas un JSON valide (${(err as Error).message}). Ouvrez le carnet dans JupyterLab ou ` +
        'annulez la dernière modification faite à la main (git diff montre ce qui a changé).',
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
