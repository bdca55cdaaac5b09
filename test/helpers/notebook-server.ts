/**
 * Test helper: Debian's classic Jupyter Notebook server (`jupyter-notebook`) on 127.0.0.1, with its own data,
 * config and runtime folders, started in its own process group so that stop() ends it and what it started.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { unusedPort } from './local-server';

/** A running notebook server: `url(p)` gives the address of `p` with the token; stop() ends it (kernels too). */
export interface NotebookServer {
  base: string;
  token: string;
  url(pathname: string): string;
  log(): string;
  stop(): Promise<void>;
}

/** Options of {@link startNotebookServer}. */
export interface NotebookServerOptions {
  /** Folder the server shows (its notebook root). */
  notebookDir: string;
  /** Folder holding the server's data/, config/ and runtime/ folders (the kernel spec goes in data/kernels/). */
  jupyterDir: string;
  /** Extra environment for the server and its kernels. */
  env?: NodeJS.ProcessEnv;
}

/** Starts `jupyter-notebook` at a free port with a random token and waits until its REST API answers. */
export async function startNotebookServer(options: NotebookServerOptions): Promise<NotebookServer> {
  const port = await unusedPort();
  const token = crypto.randomBytes(16).toString('hex');
  const dirs = ['data', 'config', 'runtime'].map((name) => path.join(options.jupyterDir, name));
  dirs.forEach((dir) => fs.mkdirSync(dir, { recursive: true }));
  let output = '';
  const child: ChildProcess = spawn(
    'jupyter-notebook',
    ['--no-browser', '--ip=127.0.0.1', `--port=${port}`, '--port-retries=0', `--NotebookApp.token=${token}`, `--notebook-dir=${options.notebookDir}`,
     ...(process.getuid?.() === 0 ? ['--allow-root'] : [])],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env, JUPYTER_DATA_DIR: dirs[0], JUPYTER_CONFIG_DIR: dirs[1], JUPYTER_RUNTIME_DIR: dirs[2] },
    },
  );
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const server: NotebookServer = {
    base,
    token,
    url: (pathname) => `${base}${pathname}${pathname.includes('?') ? '&' : '?'}token=${token}`,
    log: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      await shutDownKernels(server).catch(() => undefined);
      signalGroup(child, 'SIGTERM');
      const stopped = await Promise.race([exited.then(() => true), delay(15_000).then(() => false)]);
      if (!stopped) {
        signalGroup(child, 'SIGKILL');
        await exited;
      }
    },
  };
  try {
    for (let attempt = 0; ; attempt++) {
      if (child.exitCode !== null) throw new Error(`jupyter-notebook exited (${child.exitCode}):\n${output}`);
      const answer = await fetch(server.url('/api/status')).catch(() => undefined);
      if (answer?.ok) break;
      if (attempt > 300) throw new Error(`jupyter-notebook did not answer at ${base} within 60 s:\n${output}`);
      await delay(200);
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/** Asks the server to shut down every kernel it runs (REST API), so none outlives the test. */
export async function shutDownKernels(server: NotebookServer): Promise<void> {
  const kernels = (await (await fetch(server.url('/api/kernels'))).json()) as { id: string }[];
  await Promise.all(kernels.map((kernel) => fetch(server.url(`/api/kernels/${kernel.id}`), { method: 'DELETE' })));
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
