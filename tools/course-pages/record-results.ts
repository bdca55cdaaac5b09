/**
 * Executed notebook → results-store entry: outputs cleaned of machine paths, figures as PNG (the plotly JSON drawn
 * by Chromium, with its titles and labels; else the bundle's own `image/png`) plus, for charts, their plotly JSON;
 * the run's facts and the part's key result.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { tryLoadTfjsNode } from '../../src/backend/load-tfjs-node';
import { resolveThreads } from '../../src/backend/threads';
import type { Figure } from '../../src/viz/types';
import { collectCellOutputs, isPixelFigure } from './cell-outputs';
import { NOTEBOOKS_DIR } from './course-outline';
import { FigureRenderer, openFigureRenderer } from './figure-png';
import { Notebook, requireNotebook } from '../notebook-format';
import { figureName, libraryVersion, partKey, RunFacts, STORE_FORMAT, StoredOutput, StoredPart, writeStoredPart } from './results-store';

/** Draws a plotly figure to PNG bytes (figure-png.ts's renderer). */
export type PlotlyToPng = (figure: Figure) => Promise<Buffer>;

/** The facts of this machine and run: today's date, CPU, cores, Node, and the backend and threads the library chooses. */
export function currentRunFacts(env: NodeJS.ProcessEnv = process.env, now = new Date()): RunFacts {
  const cpus = os.cpus();
  const backend = env.AE_BACKEND?.trim() || (tryLoadTfjsNode().ok ? 'tensorflow' : 'wasm');
  const requested = env.AE_THREADS ? Number(env.AE_THREADS) : undefined;
  return {
    date: now.toISOString().slice(0, 10),
    cpu: (cpus[0]?.model ?? 'inconnu').replace(/\s+/g, ' ').trim(),
    cores: cpus.length,
    node: process.version,
    backend,
    threads: backend === 'wasm' ? resolveThreads(requested) : 1,
  };
}

/**
 * Replaces the folders of this machine in a text by neutral names: the work and data folders (absolute, or relative
 * to the course root when outside it, as relativeToRepo prints them), the course root, the home folder.
 */
export function withoutMachinePaths(text: string, folders: { root: string; work?: string; data?: string }): string {
  const outside = (folder: string | undefined): string => {
    const relative = folder ? path.relative(folders.root, folder) : '';
    return relative.startsWith('..') ? relative : '';
  };
  const replacements: [string, string][] = [
    [folders.work ?? '', '<travail>'],
    [folders.data ?? '', '<données>'],
    [outside(folders.work), '<travail>'],
    [outside(folders.data), '<données>'],
    [folders.root, '.'],
    [os.homedir(), '~'],
  ];
  let out = text;
  for (const [folder, name] of replacements.filter(([f]) => f.length > 1).sort((a, b) => b[0].length - a[0].length)) {
    out = out.split(path.isAbsolute(folder) ? path.resolve(folder) : folder).join(name);
  }
  // A folder printed relative to another checkout (../../tmp/work) keeps no `../` before its neutral name.
  return out.replace(/(?:\.\.\/?)+(<travail>|<données>)/g, '$1');
}

/** The first `Final MSE: x` line of a part's text outputs (formatMse's default label), as its key result. */
export function findKeyResult(cells: readonly StoredOutput[][]): StoredPart['keyResult'] {
  for (const outputs of cells) {
    for (const output of outputs) {
      if (!('text' in output)) continue;
      const match = /^(Final MSE): ([0-9.]+)\s*$/m.exec(output.text);
      if (match) return { label: match[1], value: Number(match[2]) };
    }
  }
  return undefined;
}

/** What {@link recordPart} needs besides the executed notebook. */
export interface RecordOptions {
  root: string;
  /** The committed notebook (its code keys the entry). */
  committed: Notebook;
  baseName: string;
  mode: 'full' | 'quick';
  seconds: number;
  facts: RunFacts;
  toPng: PlotlyToPng;
  /** Folders to hide from the stored text. */
  work?: string;
  data?: string;
}

/** Builds and writes the store entry of one executed part (atomically, see writeStoredPart); returns it. */
export async function recordPart(executed: Notebook, options: RecordOptions): Promise<StoredPart> {
  const prefix = options.baseName.slice(0, 2);
  const pngs = new Map<string, Buffer>();
  const scrub = (text: string): string => withoutMachinePaths(text, { root: options.root, work: options.work, data: options.data });
  const cells: StoredOutput[][] = [];
  for (const outputs of collectCellOutputs(executed)) {
    const stored: StoredOutput[] = [];
    for (const output of outputs) {
      if ('text' in output) stored.push({ text: scrub(output.text) });
      else if ('markdown' in output) stored.push({ markdown: scrub(output.markdown) });
      else {
        // Chromium draws the plotly JSON with its titles and labels; the bundle's own PNG (pixels only) is the fallback.
        const png = output.figure.plotly ? await options.toPng(output.figure.plotly) : output.figure.png!;
        const file = figureName(prefix, pngs.size + 1, png);
        pngs.set(file, png);
        // Charts keep their plotly JSON (drawn interactively by the site); pixel figures, large as JSON, only their PNG.
        const plotly = output.figure.plotly && !isPixelFigure(output.figure.plotly) ? output.figure.plotly : undefined;
        stored.push(plotly ? { figure: file, plotly } : { figure: file });
      }
    }
    cells.push(stored);
  }
  const library = libraryVersion(options.root);
  const entry: StoredPart = {
    format: STORE_FORMAT,
    notebook: `${NOTEBOOKS_DIR}/${options.baseName}.ipynb`,
    key: partKey(options.committed, library),
    library,
    mode: options.mode,
    seconds: Math.round(options.seconds * 10) / 10,
    run: options.facts,
    cells,
  };
  const keyResult = findKeyResult(cells);
  if (keyResult) entry.keyResult = keyResult;
  writeStoredPart(options.root, options.baseName, entry, pngs);
  return entry;
}

/** Records parts one after another, starting Chromium only when a figure has no PNG of its own. */
export interface ResultsRecorder {
  /** Records the executed copy `executedFile` of part `baseName` (the committed notebook is read from the root). */
  record(baseName: string, executedFile: string, seconds: number): Promise<StoredPart>;
  close(): Promise<void>;
}

/** Opens a recorder into the store of the course at `root`; the caller must close() it (in a finally). */
export function openResultsRecorder(options: { root: string; mode: 'full' | 'quick'; work?: string; data?: string; env?: NodeJS.ProcessEnv }): ResultsRecorder {
  let renderer: FigureRenderer | undefined;
  const facts = currentRunFacts(options.env);
  return {
    async record(baseName, executedFile, seconds) {
      return recordPart(requireNotebook(executedFile), {
        root: options.root,
        committed: requireNotebook(path.join(options.root, NOTEBOOKS_DIR, `${baseName}.ipynb`)),
        baseName,
        mode: options.mode,
        seconds,
        facts,
        work: options.work,
        data: options.data,
        toPng: async (figure) => {
          renderer ??= await openFigureRenderer();
          return renderer.toPng(figure);
        },
      });
    },
    async close() {
      await renderer?.close();
    },
  };
}
