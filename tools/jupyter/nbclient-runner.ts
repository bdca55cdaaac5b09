/**
 * Executes course notebooks through Jupyter's own client (nbclient, Debian python3-nbclient) and the kernel
 * Jupyter has registered (`npm run setup:jupyter`): one Python process per notebook runs
 * tools/jupyter/execute-notebook.py. A failing cell becomes the private runner's NotebookCellError, so both
 * report failures the same way (formatCellFailure: part, cell, source, error).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { errorFromStderr, type CellErrorInfo } from '../runner/cell-error';
import { joinMultiline, type Notebook, requireNotebook } from '../notebook-format';
import { type CellProgress, NotebookCellError } from '../runner/run-notebook';

/** Pythons tried for nbclient, in order (Debian's first: the python3 first on PATH may lack it). */
export const NBCLIENT_PYTHONS: readonly string[] = ['/usr/bin/python3', 'python3'];

const DRIVER = path.join(__dirname, 'execute-notebook.py');

/** The first Python that can import nbclient; throws (in French) with what to install when none can. */
export function findNbclientPython(candidates: readonly string[] = NBCLIENT_PYTHONS): string {
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import nbclient, nbformat'], { stdio: 'ignore', timeout: 60_000 });
    if (!probe.error && probe.status === 0) return python;
  }
  throw new Error(
    `nbclient (le client de Jupyter) est introuvable dans ${candidates.join(', ')}. ` +
      'Installez-le : `bash scripts/setup-debian-packages.sh` (Debian : python3-nbclient), ou `pip install nbclient`.',
  );
}

/** Options of {@link executeWithNbclient}. */
export interface NbclientOptions {
  /** Python that has nbclient (see {@link findNbclientPython}). */
  python: string;
  /** Where the executed copy goes (written even when a cell fails: outputs up to the failure). */
  outputFile: string;
  /** Environment of the client and so of the kernel (JUPYTER_DATA_DIR, AE_QUICK, AE_DATA_DIR, AE_WORK_DIR…). */
  env: NodeJS.ProcessEnv;
  /** Per-cell limit in seconds (0: none; default 3600). */
  timeoutSeconds?: number;
  /** Receives the driver's output (one line per code cell, Jupyter's own warnings). */
  onOutput?: (text: string) => void;
}

/** What the driver writes to its result file. */
interface DriverResult {
  status: 'ok' | 'error' | 'timeout' | 'dead-kernel';
  cell: number | null;
  message: string;
}

/** Executes the notebook at `file` through nbclient; resolves with the executed copy, or rejects with NotebookCellError. */
export async function executeWithNbclient(file: string, options: NbclientOptions): Promise<{ notebook: Notebook; seconds: number }> {
  fs.mkdirSync(path.dirname(options.outputFile), { recursive: true });
  const resultFile = `${options.outputFile}.result.json`;
  fs.rmSync(resultFile, { force: true });
  const started = Date.now();
  const args = [DRIVER, file, options.outputFile, resultFile, '--timeout', String(options.timeoutSeconds ?? 3600)];
  const exit = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(options.python, args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      options.onOutput?.(chunk.toString('utf8'));
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
  const seconds = (Date.now() - started) / 1000;
  if (!fs.existsSync(resultFile)) {
    throw new Error(`nbclient n'a pas pu exécuter ${path.basename(file)} (code ${exit.code}) :\n${exit.output.trim()}`);
  }
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as DriverResult;
  fs.rmSync(resultFile, { force: true });
  const notebook = requireNotebook(options.outputFile);
  if (result.status === 'ok' && exit.code === 0) return { notebook, seconds };
  throw failureOf(file, notebook, result, seconds);
}

/** The NotebookCellError for the driver's failure report: the cell, its source, its error rebuilt from its stderr. */
function failureOf(file: string, notebook: Notebook, result: DriverResult, seconds: number): NotebookCellError {
  const codeCells = notebook.cells
    .map((cell, index) => ({ cell, index }))
    .filter(({ cell }) => cell.cell_type === 'code' && joinMultiline(cell.source).trim() !== '');
  const cellIndex = result.cell ?? -1;
  const position = codeCells.findIndex(({ index }) => index === cellIndex);
  const cell = notebook.cells[cellIndex];
  const progress: CellProgress = {
    cellNumber: position + 1,
    codeCells: codeCells.length,
    cellIndex,
    source: cell ? joinMultiline(cell.source) : '',
  };
  const outputs = cell?.outputs ?? [];
  const errorOutput = outputs.find((output) => output.output_type === 'error');
  const stderr = outputs
    .map((output) => (output.output_type === 'stream' && output.name === 'stderr' ? joinMultiline(output.text) : ''))
    .join('');
  const error: CellErrorInfo =
    errorOutput && errorOutput.output_type === 'error' && errorOutput.ename !== ''
      ? { ename: errorOutput.ename, evalue: errorOutput.evalue, traceback: errorOutput.traceback }
      : stderr.trim() !== ''
        ? errorFromStderr(stderr)
        : { ename: result.status, evalue: result.message.trim().split('\n').slice(-1)[0] ?? '', traceback: [] };
  const status = result.status === 'dead-kernel' ? 'kernel-died' : result.status === 'timeout' ? 'timeout' : 'error';
  return new NotebookCellError(file, progress, status, error, notebook, seconds);
}

/**
 * Registers the course's kernel into `jupyterDataDir` exactly as a learner does, by running
 * scripts/setup-jupyter.ts (`npm run setup:jupyter`) with JUPYTER_DATA_DIR set; throws with its output when it fails.
 */
export function registerKernelInto(jupyterDataDir: string, projectRoot: string): void {
  const setup = path.join(projectRoot, 'scripts', 'setup-jupyter.ts');
  const result = spawnSync(process.execPath, ['--import', 'tsx', setup], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, JUPYTER_DATA_DIR: jupyterDataDir },
  });
  if (result.status !== 0) {
    throw new Error(`npm run setup:jupyter a échoué (JUPYTER_DATA_DIR=${jupyterDataDir}) :\n${`${result.stdout}${result.stderr}`.trim()}`);
  }
}
