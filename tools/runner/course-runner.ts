/**
 * Runs a list of course notebooks in order (fresh kernel each), writes the executed copies to
 * <work>/executed/ atomically, stops at the first failing cell, and keeps a small state file
 * (<work>/course-state.json) so that `npm run course` resumes where it stopped.
 */
import { createHash } from 'crypto';
import { existsSync, promises as fs } from 'fs';
import * as path from 'path';
import { CellProgress, executeNotebook, NotebookCellError, NotebookRunResult } from './run-notebook';
import { ExecuteOptions } from './kernel-client';
import { writeFileAtomic } from '../../src/atomic-write';
import { isQuickValue } from '../../src/paths';
import { CourseNotebook, serializeNotebook, writeNotebook } from '../notebook-format';

/** What {@link selectNotebooks} reads of a notebook: its file name and part number. */
export type SelectableNotebook = Pick<CourseNotebook, 'name' | 'part'>;

/** True when `selector` (a part number, a file name with or without `.ipynb`, or its start) names the notebook. */
function matches(entry: SelectableNotebook, selector: string): boolean {
  const wanted = selector.trim();
  if (/^\d+$/.test(wanted)) return entry.part === Number(wanted);
  const base = path.basename(wanted);
  return entry.name === base || entry.name === `${base}.ipynb` || entry.name.startsWith(base);
}

/**
 * Picks notebooks: `only` (part numbers or file names, e.g. ["12", "13"]) or every notebook from `from` on.
 * Throws when a selector matches no notebook, listing the available ones.
 */
export function selectNotebooks<T extends SelectableNotebook>(
  entries: readonly T[],
  selection: { from?: string; only?: readonly string[] } = {},
): T[] {
  const missing = (selector: string): Error =>
    new Error(
      `No notebook matches "${selector}". Use a part number or a file name among: ${
        entries.map((entry) => entry.name).join(', ') || '(no notebook in the folder)'
      }`,
    );
  let selected = [...entries];
  if (selection.from !== undefined) {
    const start = selected.findIndex((entry) => matches(entry, selection.from!));
    if (start < 0) throw missing(selection.from);
    selected = selected.slice(start);
  }
  if (selection.only !== undefined && selection.only.length > 0) {
    for (const selector of selection.only) {
      if (!selected.some((entry) => matches(entry, selector))) throw missing(selector);
    }
    selected = selected.filter((entry) => selection.only!.some((selector) => matches(entry, selector)));
  }
  return selected;
}

/** A notebook that ran to the end, as remembered in the state file. */
export interface CompletedNotebook {
  /** sha256 of the committed notebook file when it ran. */
  sourceHash: string;
  mode: 'full' | 'quick';
  seconds: number;
  finishedAt: string;
}

/** Contents of <work>/course-state.json. */
export interface CourseState {
  version: 1;
  notebooks: Record<string, CompletedNotebook>;
}

/** Reads the state file; an absent or unreadable file is an empty state. */
export async function readCourseState(file: string): Promise<CourseState> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as CourseState;
    if (parsed && parsed.version === 1 && typeof parsed.notebooks === 'object' && parsed.notebooks) return parsed;
  } catch {
    // Absent or damaged: start afresh.
  }
  return { version: 1, notebooks: {} };
}

/** Writes the state file atomically (sorted keys, so it diffs well). */
export async function writeCourseState(file: string, state: CourseState): Promise<void> {
  const notebooks = Object.fromEntries(Object.entries(state.notebooks).sort(([a], [b]) => a.localeCompare(b)));
  writeFileAtomic(file, `${JSON.stringify({ version: 1, notebooks }, null, 2)}\n`);
}

/** sha256 (hex) of a file's bytes. */
export async function hashFile(file: string): Promise<string> {
  return createHash('sha256').update(await fs.readFile(file)).digest('hex');
}

/** True when a state record says the notebook already ran with this source and mode and its copy is still there. */
export function isAlreadyCompleted(
  record: CompletedNotebook | undefined,
  sourceHash: string,
  mode: 'full' | 'quick',
  executedCopyExists: boolean,
): boolean {
  return record !== undefined && record.sourceHash === sourceHash && record.mode === mode && executedCopyExists;
}

/** Where the runner writes things inside the work folder. */
export function runnerPaths(workDir: string): { executedDir: string; failedDir: string; stateFile: string } {
  const executedDir = path.join(workDir, 'executed');
  return { executedDir, failedDir: path.join(executedDir, 'failed'), stateFile: path.join(workDir, 'course-state.json') };
}

/** Callbacks through which {@link runNotebooks} reports progress (the CLI prints them). */
export interface RunEvents {
  onNotebookStart?: (entry: CourseNotebook, total: number) => void;
  onNotebookSkipped?: (entry: CourseNotebook, record: CompletedNotebook, total: number) => void;
  onCellStart?: (entry: CourseNotebook, total: number, progress: CellProgress) => void;
  onStream?: ExecuteOptions['onStream'];
  onKernelLog?: (text: string) => void;
  onNotebookDone?: (entry: CourseNotebook, result: NotebookRunResult, outputFile: string) => void;
}

/** Options of {@link runNotebooks}. */
export interface RunNotebooksOptions {
  /** Notebooks to run, in order. */
  entries: readonly CourseNotebook[];
  /** Number shown as the total in "Partie N/total" (default: entries.length). */
  total?: number;
  /** Course work folder: executed copies go to <work>/executed/, the state file to <work>/course-state.json. */
  workDir: string;
  /** true: AE_QUICK=1 for the kernels; false: AE_QUICK removed (full mode); undefined: inherited. */
  quick?: boolean;
  /** Skip notebooks recorded as completed (same source hash and mode, executed copy present). */
  resume?: boolean;
  cellTimeoutMs?: number;
  /** Extra environment for the kernels. */
  env?: Record<string, string | undefined>;
  events?: RunEvents;
  /** Folder whose node_modules holds tslab (default: this package's root). */
  projectRoot?: string;
}

/** What {@link runNotebooks} did. */
export interface RunSummary {
  ran: { name: string; seconds: number }[];
  skipped: { name: string; seconds: number }[];
}

/** True when a run is in quick mode: the option if given, else AE_QUICK (in `env`, then the process's), read as the library reads it. */
export function effectiveQuick(quick: boolean | undefined, env: Record<string, string | undefined> = {}): boolean {
  return quick ?? isQuickValue(env.AE_QUICK ?? process.env.AE_QUICK);
}

/**
 * Runs the notebooks in order, each in a fresh kernel in its own folder, writes each executed copy to
 * <work>/executed/<name> (a failing one to <work>/executed/failed/<name>) and records completions in the
 * state file. Rejects with {@link NotebookCellError} at the first failing cell: later notebooks do not run.
 */
export async function runNotebooks(options: RunNotebooksOptions): Promise<RunSummary> {
  const workDir = path.resolve(options.workDir);
  const { executedDir, failedDir, stateFile } = runnerPaths(workDir);
  const total = options.total ?? options.entries.length;
  const events = options.events ?? {};
  for (const entry of options.entries) {
    if (path.resolve(path.dirname(entry.file)) === path.resolve(executedDir)) {
      throw new Error(
        `The executed copies would overwrite the notebooks in ${executedDir}: choose another AE_WORK_DIR than the notebooks' folder.`,
      );
    }
  }
  const env: Record<string, string | undefined> = { ...(options.env ?? {}) };
  // Kernels run in the notebooks' folder: hand them absolute course folders so relative settings still agree.
  env.AE_WORK_DIR = workDir;
  if (process.env.AE_DATA_DIR && env.AE_DATA_DIR === undefined) env.AE_DATA_DIR = path.resolve(process.env.AE_DATA_DIR);
  if (options.quick === true) env.AE_QUICK = '1';
  if (options.quick === false) env.AE_QUICK = undefined;
  // This runner is a terminal front end: it echoes stream text live and collapses its "\r" in the saved copies,
  // but shows no displays, so progress bars stay "\r" lines in its kernels (unless AE_PROGRESS says otherwise).
  if (env.AE_PROGRESS === undefined && !process.env.AE_PROGRESS) env.AE_PROGRESS = 'redraw';
  const mode = effectiveQuick(options.quick, env) ? 'quick' : 'full';

  const summary: RunSummary = { ran: [], skipped: [] };
  for (const entry of options.entries) {
    const outputFile = path.join(executedDir, entry.name);
    const failedFile = path.join(failedDir, entry.name);
    const sourceHash = await hashFile(entry.file);
    const state = await readCourseState(stateFile);
    const record = state.notebooks[entry.name];
    if (options.resume && isAlreadyCompleted(record, sourceHash, mode, existsSync(outputFile))) {
      events.onNotebookSkipped?.(entry, record, total);
      summary.skipped.push({ name: entry.name, seconds: record.seconds });
      continue;
    }
    events.onNotebookStart?.(entry, total);
    let result: NotebookRunResult;
    try {
      result = await executeNotebook(entry.file, {
        env,
        cellTimeoutMs: options.cellTimeoutMs,
        onCellStart: (progress) => events.onCellStart?.(entry, total, progress),
        onStream: events.onStream,
        onKernelLog: events.onKernelLog,
        projectRoot: options.projectRoot,
      });
    } catch (error) {
      if (error instanceof NotebookCellError) {
        writeFileAtomic(failedFile, serializeNotebook(error.notebook));
      }
      const latest = await readCourseState(stateFile);
      if (latest.notebooks[entry.name]) {
        delete latest.notebooks[entry.name];
        await writeCourseState(stateFile, latest);
      }
      throw error;
    }
    await writeNotebook(outputFile, result.notebook);
    await fs.rm(failedFile, { force: true });
    const latest = await readCourseState(stateFile);
    latest.notebooks[entry.name] = {
      sourceHash,
      mode,
      seconds: Math.round(result.seconds * 10) / 10,
      finishedAt: new Date().toISOString(),
    };
    await writeCourseState(stateFile, latest);
    summary.ran.push({ name: entry.name, seconds: result.seconds });
    events.onNotebookDone?.(entry, result, outputFile);
  }
  return summary;
}
