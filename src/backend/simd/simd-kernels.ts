/**
 * Loads the SIMD training kernels (AssemblyScript sources in ./assembly, compiled by `npm run build:simd` into
 * dist/simd-kernels.wasm) onto a tfjs wasm backend: the module imports the backend's own memory, so its kernels
 * read and write tensors where they are, by byte offset. One instance per backend (the main thread and each
 * worker thread have their own).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { TensorInfo } from '../wasm-kernel-utils';

/** The compiled module; the same path from src/backend/simd (tsx) and dist/backend/simd (compiled). */
export const SIMD_KERNELS_FILE = path.resolve(__dirname, '..', '..', '..', 'dist', 'simd-kernels.wasm');

/** The kernels' signatures (pointers are byte offsets into the backend's heap; see the assembly sources). */
export interface SimdKernels {
  convFilterGrad(
    x: number, dy: number, dw: number, n: number, h: number, w: number, cin: number, ho: number, wo: number, cout: number,
    kh: number, kw: number, sh: number, sw: number, padTop: number, padLeft: number,
  ): void;
  sumRows(x: number, rows: number, c: number, out: number): void;
  maxPool2x2Grad(x: number, dy: number, dx: number, n: number, h: number, w: number, c: number, outH: number, outW: number): void;
  col2imAdd(
    cols: number, dx: number, n: number, h: number, w: number, cin: number, ho: number, wo: number,
    kh: number, kw: number, sh: number, sw: number, padTop: number, padLeft: number,
  ): void;
  adamaxUpdate(
    w: number, g: number, m: number, u: number, wNew: number, count: number,
    beta1: number, oneMinusBeta1: number, beta2: number, epsilon: number, step: number,
  ): void;
}

/** The WebAssembly API as used here (its types are not in the ES2022 library this package compiles with). */
interface WasmApi {
  Memory: abstract new (...args: never[]) => object;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | null = null;
const instances = new WeakMap<BackendWasm, SimdKernels>();

/** The backend's WebAssembly.Memory (tfjs-backend-wasm 4.22 exposes the Emscripten exports as wasm.asm). */
function backendMemory(backend: BackendWasm): object {
  const memory = (backend.wasm as unknown as { asm?: { memory?: unknown } }).asm?.memory;
  if (!(memory instanceof wasmApi.Memory)) {
    throw new Error('The SIMD kernels cannot reach the wasm backend\'s memory: this needs @tensorflow/tfjs-backend-wasm 4.22.0 ' +
      '(the version in package.json); run npm install.');
  }
  return memory;
}

/** The SIMD kernels bound to `backend`'s memory (compiled once per thread, instantiated once per backend). */
export function simdKernels(backend: BackendWasm): SimdKernels {
  const existing = instances.get(backend);
  if (existing) return existing;
  if (compiled == null) {
    if (!fs.existsSync(SIMD_KERNELS_FILE)) {
      throw new Error(`The SIMD training kernels are not built (${SIMD_KERNELS_FILE} is missing): run 'npm run build' in the course folder.`);
    }
    compiled = new wasmApi.Module(fs.readFileSync(SIMD_KERNELS_FILE));
  }
  const instance = new wasmApi.Instance(compiled, { env: { memory: backendMemory(backend) } });
  const kernels = instance.exports as unknown as SimdKernels;
  instances.set(backend, kernels);
  return kernels;
}

/** Byte offset of a float32 tensor's data in the backend's heap (what the kernels take as a pointer). */
export function heapOffset(backend: BackendWasm, info: TensorInfo): number {
  const data = backend.dataIdMap.get(info.dataId) as { memoryOffset: number } | undefined;
  if (data == null) throw new Error('heapOffset: the tensor does not live on this wasm backend.');
  return data.memoryOffset;
}
