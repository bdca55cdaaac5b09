/**
 * Small helpers to compose wasm kernels at the backend level: call another registered wasm kernel on
 * TensorInfos, allocate an output on the wasm heap, release intermediates. Nothing here touches the
 * engine, so intermediates are never counted as tensors and never leak into `tf.memory()`.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../tf';

/** A tensor as kernels see it: data id, shape, dtype. */
export type TensorInfo = tf.TensorInfo;

/** Runs the wasm kernel `kernelName` on TensorInfos (no engine bookkeeping); the caller releases the result. */
export function runWasmKernel(
  kernelName: string,
  backend: BackendWasm,
  inputs: Record<string, TensorInfo>,
  attrs: Record<string, unknown> = {},
): TensorInfo {
  const config = tf.getKernel(kernelName, 'wasm');
  if (config == null) {
    throw new Error(`internal error: the wasm kernel '${kernelName}' is not registered: load @tensorflow/tfjs-backend-wasm and call initBackend() first.`);
  }
  const out = config.kernelFunc({ inputs, backend, attrs } as never);
  return (Array.isArray(out) ? out[0] : out) as TensorInfo;
}

/** Frees one reference to an intermediate TensorInfo made by `runWasmKernel` or `allocate`. */
export function release(backend: BackendWasm, info: TensorInfo): void {
  backend.disposeData(info.dataId);
}

/** Allocates an uninitialised float32 tensor on the wasm heap; the caller fills it and releases it (or returns it). */
export function allocate(backend: BackendWasm, shape: number[]): TensorInfo {
  return backend.makeOutput(shape, 'float32');
}

/** A Float32Array view over a tensor's heap memory; take views only after the last allocation (the heap may grow). */
export function heapView(backend: BackendWasm, info: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** Transposes `x` by `perm` with the wasm kernel; returns a new TensorInfo the caller releases. */
export function transposeInfo(backend: BackendWasm, x: TensorInfo, perm: number[]): TensorInfo {
  return runWasmKernel('Transpose', backend, { x }, { perm });
}

/** Reshape as a new reference to the same data (wasm reshape is free); the caller releases it. */
export function reshapeInfo(backend: BackendWasm, x: TensorInfo, shape: number[]): TensorInfo {
  return runWasmKernel('Reshape', backend, { x }, { shape });
}

/** Slices `x` (begin, size per axis) with the wasm kernel; returns a new TensorInfo the caller releases. */
export function sliceInfo(backend: BackendWasm, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  return runWasmKernel('Slice', backend, { x }, { begin, size });
}

/** Per-side padding of the two spatial axes of an NHWC tensor; negative values crop. */
export interface SpatialPads {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * Forward NHWC convolution on XNNPACK with per-side padding that may be negative (negative = crop the
 * input first), stride and dilation per axis. x [n, h, w, cin], filter [kh, kw, cin, cout] → [n, ho, wo, cout];
 * the caller releases the result.
 */
export function convWithPads(
  backend: BackendWasm,
  x: TensorInfo,
  filter: TensorInfo,
  pads: SpatialPads,
  strides: [number, number] = [1, 1],
  dilations: [number, number] = [1, 1],
): TensorInfo {
  const [n, h, w, c] = x.shape;
  const cropTop = Math.max(0, -pads.top);
  const cropBottom = Math.max(0, -pads.bottom);
  const cropLeft = Math.max(0, -pads.left);
  const cropRight = Math.max(0, -pads.right);
  let input = x;
  if (cropTop + cropBottom + cropLeft + cropRight > 0) {
    input = sliceInfo(backend, x, [0, cropTop, cropLeft, 0], [n, h - cropTop - cropBottom, w - cropLeft - cropRight, c]);
  }
  const pad = [
    [0, 0],
    [Math.max(0, pads.top), Math.max(0, pads.bottom)],
    [Math.max(0, pads.left), Math.max(0, pads.right)],
    [0, 0],
  ];
  try {
    return runWasmKernel('Conv2D', backend, { x: input, filter }, {
      strides, pad, dataFormat: 'NHWC', dilations, dimRoundingMode: undefined,
    });
  } finally {
    if (input !== x) release(backend, input);
  }
}
