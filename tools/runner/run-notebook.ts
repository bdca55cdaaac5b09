/**
 * Executes one notebook in a fresh tslab kernel, code cell by code cell (each request waits for the previous
 * reply), and returns the executed copy. The first cell whose reply is not "ok" (error, aborted, timeout,
 * dead kernel) stops the run with a {@link NotebookCellError}.
 */
import * as path from 'path';
import { CellErrorInfo } from './cell-error';
import { ExecuteOptions, KernelOptions, TslabKernel } from './kernel-client';
import { clearedNotebook, joinMultiline, Notebook, requireNotebook, toStoredOutputs } from '../notebook-format';

/** What the runner reports before each code cell. */
export interface CellProgress {
  /** 1-based number of the code cell among the notebook's non-empty code cells. */
  cellNumber: number;
  /** Number of non-empty code cells in the notebook. */
  codeCells: number;
  /** 0-based index of the cell among all cells (markdown included). */
  cellIndex: number;
  source: string;
}

/** Options of {@link executeNotebook}. */
export interface ExecuteNotebookOptions {
  /** Kernel working directory (default: the notebook's folder). */
  cwd?: string;
  /** Environment changes for the kernel (e.g. { AE_QUICK: '1' }); undefined removes a variable. */
  env?: Record<string, string | undefined>;
  /** Per-cell limit in milliseconds (0 / undefined: none). */
  cellTimeoutMs?: number;
  /** Kernel start-up limit in milliseconds (default 60 s). */
  startupTimeoutMs?: number;
  onCellStart?: (progress: CellProgress) => void;
  onStream?: ExecuteOptions['onStream'];
  onKernelLog?: KernelOptions['onLog'];
  /** Folder whose node_modules holds tslab (default: this package's root). */
  projectRoot?: string;
}

/** A notebook that ran to the end. */
export interface NotebookRunResult {
  /** The executed copy: outputs and execution counts filled in. */
  notebook: Notebook;
  seconds: number;
  codeCells: number;
}

/** Raised when a cell fails: names the notebook, the cell, its source and the error; holds the partial copy. */
export class NotebookCellError extends Error {
  constructor(
    readonly notebookPath: string,
    readonly progress: CellProgress,
    readonly status: 'error' | 'aborted' | 'timeout' | 'kernel-died',
    readonly error: CellErrorInfo,
    /** Executed copy up to and including the failing cell (later cells left without outputs). */
    readonly notebook: Notebook,
    readonly seconds: number,
  ) {
    super(
      `${path.basename(notebookPath)}: code cell ${progress.cellNumber}/${progress.codeCells} ` +
        `(cell ${progress.cellIndex + 1} of the notebook) failed [${status}]: ${error.ename}: ${error.evalue}`,
    );
    this.name = 'NotebookCellError';
  }
}

/**
 * Runs every non-empty code cell of the notebook at `file` in order in a fresh tslab kernel started in the
 * notebook's folder; resolves with the executed copy, or rejects with {@link NotebookCellError} at the first
 * cell that does not succeed. The kernel is always shut down. The file itself is never written.
 */
export async function executeNotebook(file: string, options: ExecuteNotebookOptions = {}): Promise<NotebookRunResult> {
  const started = Date.now();
  const seconds = (): number => (Date.now() - started) / 1000;
  const source = requireNotebook(file);
  const executed = clearedNotebook(source);
  const codeCellIndices = executed.cells
    .map((cell, index) => ({ cell, index }))
    .filter(({ cell }) => cell.cell_type === 'code' && joinMultiline(cell.source).trim() !== '')
    .map(({ index }) => index);

  const kernel = await TslabKernel.start({
    cwd: options.cwd ?? path.dirname(path.resolve(file)),
    env: options.env,
    startupTimeoutMs: options.startupTimeoutMs,
    onLog: options.onKernelLog,
    projectRoot: options.projectRoot,
  });
  if (kernel.kernelInfo.language_info) executed.metadata.language_info = kernel.kernelInfo.language_info;
  try {
    for (const [position, cellIndex] of codeCellIndices.entries()) {
      const cell = executed.cells[cellIndex];
      const progress: CellProgress = {
        cellNumber: position + 1,
        codeCells: codeCellIndices.length,
        cellIndex,
        source: joinMultiline(cell.source),
      };
      options.onCellStart?.(progress);
      let result;
      try {
        result = await kernel.execute(progress.source, { timeoutMs: options.cellTimeoutMs, onStream: options.onStream });
      } catch (error) {
        const died: CellErrorInfo = {
          ename: 'KernelDied',
          evalue: (error as Error).message,
          traceback: [],
        };
        cell.outputs = [{ output_type: 'error', ...died }];
        throw new NotebookCellError(file, progress, 'kernel-died', died, executed, seconds());
      }
      cell.execution_count = result.executionCount;
      cell.outputs = toStoredOutputs(result.outputs);
      if (result.status !== 'ok') {
        const error = result.error ?? { ename: 'Error', evalue: `status ${result.status}`, traceback: [] };
        if (!cell.outputs.some((output) => output.output_type === 'error')) {
          cell.outputs.push({ output_type: 'error', ...error });
        }
        throw new NotebookCellError(file, progress, result.status, error, executed, seconds());
      }
    }
  } finally {
    await kernel.shutdown();
  }
  return { notebook: executed, seconds: seconds(), codeCells: codeCellIndices.length };
}
