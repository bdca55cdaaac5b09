/**
 * Loads the SIMD training kernels (AssemblyScript sources in ./assembly, compiled by `npm run build:simd`) onto a
 * tfjs wasm backend: the module imports the backend's own memory, so its kernels read and write tensors where they
 * are, by byte offset. One instance per backend (the main thread and each worker thread have their own).
 *
 * Two builds of the same sources: 'relaxed' (dist/simd-kernels-relaxed.wasm, fused multiply-add through relaxed
 * SIMD, on by default from Node 22) and 'plain' (dist/simd-kernels.wasm, WebAssembly SIMD 1.0). The relaxed one is
 * used when this Node's WebAssembly.validate accepts that very file; AE_SIMD=plain or AE_SIMD=relaxed forces one.
 * Each also exists importing a shared memory (the -shared files), for tfjs's threaded build, where the filter
 * gradient is split over worker threads (./kernel-threads.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { TensorInfo } from '../wasm-kernel-utils';
import { KernelThreads, type SplitKernel, type SplitKernels } from './kernel-threads';

/** The two builds of the kernels. */
export type SimdBuild = 'relaxed' | 'plain';

const distFile = (name: string): string => path.resolve(__dirname, '..', '..', '..', 'dist', name);

/** The compiled modules; the same paths from src/backend/simd (tsx) and dist/backend/simd (compiled). */
export const SIMD_KERNEL_FILES: Readonly<Record<SimdBuild, string>> = {
  relaxed: distFile('simd-kernels-relaxed.wasm'),
  plain: distFile('simd-kernels.wasm'),
};

/** The same builds importing a shared memory, for the threaded tfjs build (see ../load-threaded-wasm.ts). */
export const SHARED_SIMD_KERNEL_FILES: Readonly<Record<SimdBuild, string>> = {
  relaxed: distFile('simd-kernels-relaxed-shared.wasm'),
  plain: distFile('simd-kernels-shared.wasm'),
};

/** The plain build (kept under its former name for the tests and benchmarks that read the file). */
export const SIMD_KERNELS_FILE = SIMD_KERNEL_FILES.plain;

/**
 * The kernels' signatures (pointers are byte offsets into the backend's heap; see the assembly sources). The
 * `…Items` kernels compute a range [from, to) of their work items, so that threads can share a call.
 */
export interface SimdKernels extends SplitKernels {
  /** Work items of the filter gradient (tap × block of 4 input channels), for splitting it between threads. */
  convFilterGradItemCount(kh: number, kw: number, cin: number): number;
  /** Work items of the forward convolution (runs of output pixels), for splitting it between threads. */
  convForwardItemCount(n: number, ho: number, wo: number): number;
  sumRows(x: number, rows: number, c: number, out: number): void;
  transpose(src: number, dst: number, rows: number, cols: number): void;
  shardMean(slots: number, total: number, shards: number, scales: number, mean: number, from: number, to: number): void;
  shardMeanAdamax(
    slots: number, total: number, shards: number, scales: number, w: number, m: number, u: number, from: number, to: number,
    beta1: number, oneMinusBeta1: number, beta2: number, epsilon: number, step: number,
  ): void;
  adamaxUpdate(
    w: number, g: number, m: number, u: number, wNew: number, count: number,
    beta1: number, oneMinusBeta1: number, beta2: number, epsilon: number, step: number,
  ): void;
}

/** The WebAssembly API as used here (its types are not in the ES2022 library this package compiles with). */
interface WasmApi {
  Memory: abstract new (...args: never[]) => object;
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const bytes = new Map<string, Uint8Array>();
const compiled = new Map<string, object>();
const instances: Record<SimdBuild, WeakMap<BackendWasm, SimdKernels>> = { relaxed: new WeakMap(), plain: new WeakMap() };

/** The bytes of one compiled file; throws an Error saying to build them when the file is missing. */
function fileBytes(file: string): Uint8Array {
  let b = bytes.get(file);
  if (b == null) {
    if (!fs.existsSync(file)) {
      throw new Error(`Les fonctions de calcul SIMD de l'entraînement ne sont pas compilées (${file} est absent) : lancez 'npm run build' dans le dossier du cours.`);
    }
    b = fs.readFileSync(file);
    bytes.set(file, b);
  }
  return b;
}

/** The bytes of one build (non-shared memory). */
function buildBytes(build: SimdBuild): Uint8Array {
  return fileBytes(SIMD_KERNEL_FILES[build]);
}

let relaxedValid: boolean | null = null;

/** True when this Node's WebAssembly engine accepts the relaxed-SIMD build (the file itself is validated, once). */
export function relaxedSimdSupported(): boolean {
  if (relaxedValid == null) relaxedValid = wasmApi.validate(buildBytes('relaxed'));
  return relaxedValid;
}

/** The builds this Node can run, preferred first. */
export function supportedSimdBuilds(): SimdBuild[] {
  return relaxedSimdSupported() ? ['relaxed', 'plain'] : ['plain'];
}

/** The build in use: AE_SIMD when set ('relaxed' or 'plain'), else the relaxed one where this Node accepts it. */
export function simdBuild(): SimdBuild {
  const forced = process.env.AE_SIMD?.trim().toLowerCase();
  if (forced === undefined || forced === '') return supportedSimdBuilds()[0];
  if (forced !== 'relaxed' && forced !== 'plain') {
    throw new Error(`AE_SIMD='${process.env.AE_SIMD}' n'est pas une version SIMD : utilisez 'relaxed' ou 'plain' (ou retirez ce réglage pour prendre la meilleure).`);
  }
  if (forced === 'relaxed' && !relaxedSimdSupported()) {
    throw new Error(`AE_SIMD=relaxed, mais Node ${process.version} n'accepte pas le SIMD relâché (relaxed SIMD) : utilisez Node 22 ou plus récent, ou retirez AE_SIMD.`);
  }
  return forced;
}

/**
 * The backend's WebAssembly.Memory: exported by the single-threaded build (tfjs-backend-wasm 4.22 exposes the
 * Emscripten exports as wasm.asm), created by Emscripten's JavaScript in the threaded one (wasm.wasmMemory, shared).
 */
function backendMemory(backend: BackendWasm): { buffer: ArrayBuffer | SharedArrayBuffer } {
  const module = backend.wasm as unknown as { asm?: { memory?: unknown }; wasmMemory?: unknown };
  const memory = module.asm?.memory ?? module.wasmMemory;
  if (!(memory instanceof wasmApi.Memory)) {
    throw new Error("Les fonctions de calcul SIMD n'atteignent pas la mémoire du moteur de calcul wasm : il faut @tensorflow/tfjs-backend-wasm 4.22.0 " +
      "(la version de package.json) ; lancez 'npm install' dans le dossier du cours.");
  }
  return memory as { buffer: ArrayBuffer | SharedArrayBuffer };
}

/** The compiled module of one file (compiled once per thread). */
function compiledModule(file: string): object {
  let module = compiled.get(file);
  if (module == null) {
    module = new wasmApi.Module(fileBytes(file));
    compiled.set(file, module);
  }
  return module;
}

/** The compiled module of `build` that fits the backend's memory (shared or not), and that memory. */
function moduleFor(backend: BackendWasm, build: SimdBuild): { module: object; memory: { buffer: ArrayBuffer | SharedArrayBuffer } } {
  const memory = backendMemory(backend);
  const file = (memory.buffer instanceof SharedArrayBuffer ? SHARED_SIMD_KERNEL_FILES : SIMD_KERNEL_FILES)[build];
  return { module: compiledModule(file), memory };
}

const pools = new WeakMap<BackendWasm, KernelThreads>();

/**
 * Starts the worker threads that share our kernels' calls on `backend` (the threaded tfjs build, whose heap
 * is shared), `threads` in all with the calling thread; resolves once they are ready.
 */
export async function startKernelThreads(backend: BackendWasm, threads: number): Promise<void> {
  if (threads < 2 || pools.has(backend)) return;
  const plain = moduleFor(backend, 'plain');
  if (!(plain.memory.buffer instanceof SharedArrayBuffer)) {
    throw new Error('internal error: startKernelThreads: the wasm backend\'s memory is not shared (this needs the threaded build, AE_WASM_BUILD=threaded).');
  }
  const relaxed = relaxedSimdSupported() ? moduleFor(backend, 'relaxed').module : null;
  pools.set(backend, await KernelThreads.start({ plain: plain.module, relaxed }, plain.memory, threads));
}

/**
 * Runs `kernel` (its integer arguments, then its `items` work items) split over the kernel threads of `backend`
 * when it has them (threaded build), else in one call on this thread.
 */
export function runKernel(backend: BackendWasm, kernel: SplitKernel, args: number[], items: number): void {
  const kernels = simdKernels(backend);
  const pool = pools.get(backend);
  if (pool == null) kernels[kernel](...args, 0, items);
  else pool.run(kernels, simdBuild(), kernel, args, items);
}

/** The SIMD kernels of simdBuild() bound to `backend`'s memory (compiled once per thread, instantiated once per backend). */
export function simdKernels(backend: BackendWasm): SimdKernels {
  const build = simdBuild();
  const existing = instances[build].get(backend);
  if (existing) return existing;
  const { module, memory } = moduleFor(backend, build);
  const instance = new wasmApi.Instance(module, { env: { memory } });
  const kernels = instance.exports as unknown as SimdKernels;
  instances[build].set(backend, kernels);
  return kernels;
}

/** The kernels of simdBuild() on a shared memory of our own (not a backend's), e.g. the data-parallel trainer's gradients. */
export function sharedMemoryKernels(memory: object): SimdKernels {
  const module = compiledModule(SHARED_SIMD_KERNEL_FILES[simdBuild()]);
  return new wasmApi.Instance(module, { env: { memory } }).exports as unknown as SimdKernels;
}

/** Byte offset of a float32 tensor's data in the backend's heap (what the kernels take as a pointer). */
export function heapOffset(backend: BackendWasm, info: TensorInfo): number {
  const data = backend.dataIdMap.get(info.dataId) as { memoryOffset: number } | undefined;
  if (data == null) throw new Error('internal error: heapOffset: the tensor does not live on this wasm backend.');
  return data.memoryOffset;
}
