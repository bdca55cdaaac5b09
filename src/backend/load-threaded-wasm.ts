/**
 * The threaded SIMD build of tfjs-backend-wasm 4.22 (tfjs-backend-wasm-threaded-simd.wasm) under Node, registered
 * as the 'wasm' backend, so that XNNPACK's own thread pool splits each convolution and matrix product.
 *
 * tfjs never picks this build in Node: its WASM_HAS_MULTITHREAD_SUPPORT flag answers false there (tfjs #3830), and
 * its loader gives Emscripten the pthread worker script as a Blob URL, which worker_threads cannot start. Here the
 * Emscripten factory is called directly: the worker script is written to a file of a private temporary folder
 * and the main script is given by path. tfjs caps XNNPACK's pool at half of emscripten_num_logical_cores(), which
 * is os.cpus().length in Node (it assumes 2 hyper-threads per core), and at 8: os.cpus is widened while the module
 * starts so that the pool gets the threads asked for.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../tf';
import { startKernelThreads } from './simd/simd-kernels';
import { MAX_XNNPACK_THREADS } from './thread-plan';

interface UnrefWorker {
  unref(): void;
}

interface EmscriptenModule {
  cwrap(name: string, returnType: string | null, argTypes: string[]): (...args: number[]) => number;
  PThread?: { terminateAllThreads(): void; runningWorkers: UnrefWorker[]; unusedWorkers: UnrefWorker[] };
  tfjs?: Record<string, unknown>;
}

type Factory = (config: Record<string, unknown>) => Promise<EmscriptenModule>;

let workerDir: string | null = null;
/** The 'wasm' backend factory tfjs-backend-wasm registered, kept to put it back. */
let original: { factory: () => tf.KernelBackend | Promise<tf.KernelBackend>; priority: number } | null = null;
/** XNNPACK threads of the registered threaded build (0 when it is not registered). */
let registeredThreads = 0;

/** Writes the pthread worker script once per process, in a private temporary folder removed at exit. */
function workerScript(wasmOut: string): string {
  if (workerDir == null) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-tfjs-wasm-threads-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    workerDir = dir;
  }
  const file = path.join(workerDir, 'tfjs-backend-wasm-threaded-simd.worker.js');
  if (!fs.existsSync(file)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { wasmWorkerContents } = require(path.join(wasmOut, 'tfjs-backend-wasm-threaded-simd.worker.js')) as { wasmWorkerContents: string };
    // The script is kept in a template literal, whose \n escapes became newlines inside string literals: restore them (as tfjs does).
    fs.writeFileSync(file, wasmWorkerContents.replace(/\n/g, '\\n'));
  }
  return file;
}

/** Starts the threaded module with an XNNPACK pool of `threads` threads (os.cpus widened meanwhile, then restored). */
async function startModule(threads: number): Promise<EmscriptenModule> {
  const wasmOut = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'));
  const mainScript = path.join(wasmOut, 'tfjs-backend-wasm-threaded-simd.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const factory = require(mainScript) as Factory;
  const worker = workerScript(wasmOut);
  // The CommonJS exports object Emscripten reads through require("os") (the ES namespace above is read-only).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nodeOs = require('node:os') as { cpus: () => os.CpuInfo[] };
  const realCpus = nodeOs.cpus;
  const cpus = realCpus.call(nodeOs);
  nodeOs.cpus = () => Array.from({ length: Math.max(2 * threads, cpus.length) }, (_, i) => cpus[i % cpus.length]);
  try {
    return await factory({
      locateFile: (file: string, prefix: string) =>
        file.endsWith('.worker.js') ? worker : file.endsWith('.wasm') ? path.join(wasmOut, 'tfjs-backend-wasm-threaded-simd.wasm') : prefix + file,
      mainScriptUrlOrBlob: mainScript,
    });
  } finally {
    nodeOs.cpus = realCpus;
  }
}

/**
 * Registers the threaded build as the 'wasm' backend (replacing the registered one) with `threads` XNNPACK
 * threads (1 to 8); tf.setBackend('wasm') then starts it. No-op when it is registered with that count already
 * (re-registering disposes the backend and its tensors). Throws when threads is out of range.
 */
export function registerThreadedWasm(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_XNNPACK_THREADS) {
    throw new Error(`internal error: the threaded wasm build takes 1 to ${MAX_XNNPACK_THREADS} threads, got ${threads} (initBackend caps AE_THREADS).`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
  if (registeredThreads === threads) return;
  const registered = tf.engine().registryFactory.wasm;
  if (original == null) {
    if (registered == null) throw new Error("internal error: the 'wasm' backend is not registered: load @tensorflow/tfjs-backend-wasm first (initBackend does).");
    original = registered;
  }
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', async () => {
    const module = await startModule(threads);
    module.tfjs = {
      init: module.cwrap('init', null, []),
      initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
      getThreadsCount: module.cwrap('get_threads_count', 'number', []),
      registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
      disposeData: module.cwrap('dispose_data', null, ['number']),
      dispose: module.cwrap('dispose', null, []),
    };
    wasm.setThreadsCount(threads);
    const backend = new wasm.BackendWasm(module as never);
    // XNNPACK's pool threads run for the life of the module and Emscripten keeps their workers ref'd in Node:
    // unref them, so that a script using the backend still ends by itself.
    for (const worker of [...(module.PThread?.runningWorkers ?? []), ...(module.PThread?.unusedWorkers ?? [])]) worker.unref();
    await startKernelThreads(backend, threads);
    return backend as unknown as tf.KernelBackend;
  }, 2);
  registeredThreads = threads;
}

/** Puts back tfjs-backend-wasm's own 'wasm' backend (the single-threaded SIMD build); no-op when it is in place. */
export function unregisterThreadedWasm(): void {
  if (original == null) return;
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', original.factory, original.priority);
  original = null;
  registeredThreads = 0;
}

/** True while the threaded build is the registered 'wasm' backend. */
export function threadedWasmRegistered(): boolean {
  return original != null;
}

/** XNNPACK threads of the active wasm backend (1 for the plain SIMD build). */
export function xnnpackThreads(backend: BackendWasm): number {
  const tfjs = (backend.wasm as unknown as { tfjs: { getThreadsCount?: () => number } }).tfjs;
  return typeof tfjs.getThreadsCount === 'function' ? tfjs.getThreadsCount() : 1;
}
