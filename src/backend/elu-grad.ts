/**
 * EluGrad on the SIMD kernels: the same values as tfjs-backend-wasm's scalar C++ kernel (dy where y ≥ 0, else
 * dy · (y + 1) in double, rounded once), four at a time, split over the kernel threads on the threaded build.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapOffset, runKernel } from './simd/simd-kernels';
import { allocate, type TensorInfo } from './wasm-kernel-utils';

/** Values per work item: large enough that a thread's share is worth waking it for. */
const BLOCK = 16384;

/** Gradient of ELU from its output y and the incoming gradient dy (same shape); the engine owns the result. */
export function eluGradWasm(args: { inputs: { dy: TensorInfo; y: TensorInfo }; backend: BackendWasm }): TensorInfo {
  const { inputs: { dy, y }, backend } = args;
  const out = allocate(backend, y.shape);
  const count = y.shape.reduce((a, b) => a * b, 1);
  runKernel(backend, 'eluGradItems', [heapOffset(backend, y), heapOffset(backend, dy), heapOffset(backend, out), count, BLOCK], Math.ceil(count / BLOCK));
  return out;
}
