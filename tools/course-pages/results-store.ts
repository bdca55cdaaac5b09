/**
 * The reference-run store: for each part, the outputs of its executed notebook (text, and figures as PNG files),
 * keyed by what determines them (the code cells and the library version) and with the facts of the run.
 *
 * Layout, under the course root: `pages/resultats/NN-….json` (one entry per part, written atomically) and
 * `pages/figures/NN-k-<hash>.png` (named by part, figure number and content, so that a new entry never
 * overwrites a figure the previous entry still shows). Markdown-only edits never change a key.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../src/atomic-write';
import { PAGES_DIR } from './course-outline';
import { cellSource, Notebook } from '../notebook-format';
import type { Figure } from '../../src/viz/types';

/** Folder of the store entries, relative to the course root. */
export const RESULTS_DIR = `${PAGES_DIR}/resultats`;
/** Folder of the stored figures, relative to the course root. */
export const FIGURES_DIR = `${PAGES_DIR}/figures`;
/** Largest total size of the committed store (entries and figures). */
export const MAX_STORE_BYTES = 15 * 1024 * 1024;
/** Version of the entry format. */
export const STORE_FORMAT = 1;

/** Name of a stored figure: `NN-k-<8 hex>.png`. */
export const STORED_FIGURE = /^(\d{2})-(\d+)-([0-9a-f]{8})\.png$/;

/** One stored output of a code cell. Figures point to their PNG (relative to pages/) and may keep their plotly JSON. */
export type StoredOutput =
  | { text: string }
  | { markdown: string }
  | { figure: string; plotly?: Figure };

/** The facts of the run that produced an entry. */
export interface RunFacts {
  /** Day of the run, `YYYY-MM-DD`. */
  date: string;
  cpu: string;
  cores: number;
  /** Node version of the kernels (`v24.1.0`). */
  node: string;
  /** TensorFlow.js backend and its threads (WebAssembly). */
  backend: string;
  threads: number;
}

/** One part's entry: `pages/resultats/NN-….json`. */
export interface StoredPart {
  format: number;
  /** Notebook the outputs come from (`notebooks/NN-….ipynb`). */
  notebook: string;
  /** {@link partKey} of the notebook that ran. */
  key: string;
  /** Library version (package.json) that ran. */
  library: string;
  mode: 'full' | 'quick';
  /** Duration of the part, in seconds (one decimal). */
  seconds: number;
  run: RunFacts;
  /** The part's key result, when it prints one (`Final MSE: 0.0123`). */
  keyResult?: { label: string; value: number };
  /** Outputs of each code cell, in code-cell order. */
  cells: StoredOutput[][];
}

/** What reading the store found: readable entries by base name, and damaged ones with the reason (French). */
export interface ResultsStore {
  parts: Map<string, StoredPart>;
  damaged: { file: string; baseName: string; reason: string }[];
}

/** The library version that keys the store: package.json's `version` at the course root (`0.0.0` when absent). */
export function libraryVersion(root: string): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Hash of what determines a part's outputs: its code cells (Markdown cells excluded) and the library version. */
export function partKey(notebook: Notebook, library: string): string {
  const code = notebook.cells.filter((cell) => cell.cell_type === 'code').map(cellSource);
  return createHash('sha256').update(JSON.stringify({ library, code })).digest('hex');
}

/** Path of a part's entry, relative to the course root. */
export function entryPath(baseName: string): string {
  return `${RESULTS_DIR}/${baseName}.json`;
}

/** JSON with sorted object keys, one-space indent and a final newline (stable bytes). */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v as object)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return `${JSON.stringify(sort(value), null, 1)}\n`;
}

/** Why a parsed entry is not a valid one (French), or undefined when it is. */
function entryProblem(value: unknown, root: string): string | undefined {
  const entry = value as StoredPart;
  if (typeof value !== 'object' || value === null) return "ce n'est pas un objet JSON";
  if (entry.format !== STORE_FORMAT) return `format ${String(entry.format)} inconnu (attendu : ${STORE_FORMAT})`;
  if (typeof entry.key !== 'string' || typeof entry.notebook !== 'string' || !Array.isArray(entry.cells)) {
    return 'champs « key », « notebook » ou « cells » absents';
  }
  if (entry.mode !== 'full' && entry.mode !== 'quick') return 'champ « mode » absent';
  for (const outputs of entry.cells) {
    if (!Array.isArray(outputs)) return 'une cellule de « cells » n\'est pas une liste';
    for (const output of outputs) {
      if ('figure' in output) {
        const name = typeof output.figure === 'string' && output.figure.startsWith('figures/') ? output.figure.slice('figures/'.length) : '';
        if (!STORED_FIGURE.test(name)) return `nom de figure invalide « ${String(output.figure)} » (attendu : figures/NN-k-xxxxxxxx.png)`;
        if (!fs.existsSync(path.join(root, PAGES_DIR, output.figure))) return `la figure ${PAGES_DIR}/${output.figure} manque`;
      } else if (!('text' in output) && !('markdown' in output)) return 'une sortie n\'a ni « text », ni « markdown », ni « figure »';
    }
  }
  return undefined;
}

/** Reads every entry of `<root>/pages/resultats/`; an unreadable or invalid entry is listed as damaged, never thrown. */
export function readResultsStore(root: string): ResultsStore {
  const dir = path.join(root, RESULTS_DIR);
  const parts = new Map<string, StoredPart>();
  const damaged: ResultsStore['damaged'] = [];
  if (!fs.existsSync(dir)) return { parts, damaged };
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const baseName = name.slice(0, -'.json'.length);
    const file = `${RESULTS_DIR}/${name}`;
    let value: unknown;
    try {
      value = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
    } catch (err) {
      damaged.push({ file, baseName, reason: `JSON illisible (${(err as Error).message})` });
      continue;
    }
    const problem = entryProblem(value, root);
    if (problem) damaged.push({ file, baseName, reason: problem });
    else parts.set(baseName, value as StoredPart);
  }
  return { parts, damaged };
}

/** French lines naming each damaged store entry, its part and what to run. */
export function damagedStoreMessages(store: ResultsStore): string[] {
  return store.damaged.map(
    ({ file, baseName, reason }) =>
      `${file} : les sorties enregistrées de la partie ${Number(baseName.slice(0, 2))} (${baseName}) sont illisibles : ${reason}. ` +
      `Réexécutez cette partie (npm run course -- --only ${Number(baseName.slice(0, 2))} --force), ou rétablissez la version committée (git checkout -- ${file} ${PAGES_DIR}/figures/).`,
  );
}

/** Lists the figure files of the store (paths relative to the root), sorted. */
export function listStoredFigures(root: string): string[] {
  const dir = path.join(root, FIGURES_DIR);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => STORED_FIGURE.test(name))
    .sort()
    .map((name) => `${FIGURES_DIR}/${name}`);
}

/** Figure paths (relative to pages/) that an entry shows. */
export function entryFigures(entry: StoredPart): string[] {
  return entry.cells.flatMap((outputs) => outputs.flatMap((output) => ('figure' in output ? [output.figure] : [])));
}

/** Deterministic name of figure `number` of part `NN` with PNG bytes `png`: `figures/NN-k-<hash>.png` (relative to pages/). */
export function figureName(partPrefix: string, number: number, png: Buffer): string {
  return `figures/${partPrefix}-${number}-${createHash('sha256').update(png).digest('hex').slice(0, 8)}.png`;
}

/**
 * Writes one part's entry so that a reader never sees half of it: the new PNG files first (new names), then
 * the entry (atomic rename, the commit point), then the part's figures that no entry shows any more.
 */
export function writeStoredPart(root: string, baseName: string, entry: StoredPart, pngs: Map<string, Buffer>): void {
  for (const [file, png] of pngs) {
    const target = path.join(root, PAGES_DIR, file);
    if (!fs.existsSync(target)) writeFileAtomic(target, png);
  }
  writeFileAtomic(path.join(root, entryPath(baseName)), stableJson(entry));
  const keep = new Set(entryFigures(entry).map((file) => `${PAGES_DIR}/${file}`));
  const prefix = baseName.slice(0, 2);
  for (const file of listStoredFigures(root)) {
    if (path.posix.basename(file).startsWith(`${prefix}-`) && !keep.has(file)) fs.rmSync(path.join(root, file));
  }
}

/** Total size in bytes of the store's entries and figures. */
export function storeBytes(root: string): number {
  const dir = path.join(root, RESULTS_DIR);
  const entries = fs.existsSync(dir) ? fs.readdirSync(dir).map((name) => `${RESULTS_DIR}/${name}`) : [];
  return [...entries, ...listStoredFigures(root)].reduce((sum, file) => sum + fs.statSync(path.join(root, file)).size, 0);
}

/** Absolute paths that betray the recording machine (home folders, temp and work folders, Windows drives). */
export const MACHINE_PATH = /(?:^|[\s'"(=:])(?:\/(?:home|Users|root|tmp|work|var|mnt|opt)\/[^\s'")]+|[A-Z]:\\[^\s'")]+)/;
