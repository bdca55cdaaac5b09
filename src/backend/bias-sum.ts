/**
 * Fast wasm Sum over all leading axes (the bias gradients of Conv2D and Dense layers: dy [n, h, w, c] → [c]).
 * The built-in kernel transposes the reduced axes to the end first; this sums in one pass with the SIMD kernel
 * sumRows (float32 sums over blocks of 256 rows, added up). Any other reduction goes to the built-in kernel.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../tf';
import { heapOffset, simdKernels } from './simd/simd-kernels';
import { allocate, type TensorInfo } from './wasm-kernel-utils';

/** True when `axis` (numbers, possibly negative) is exactly every axis but the last of a rank-`rank` tensor. */
function isLeadingAxes(axis: number | number[], rank: number): boolean {
  const axes = (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a)).sort((a, b) => a - b);
  return rank >= 2 && axes.length === rank - 1 && axes.every((a, i) => a === i);
}

/** Wraps the built-in Sum: float32 sums over all leading axes run on the SIMD kernel; the rest is delegated. */
export function biasSumKernel(builtIn: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, attrs } = args as unknown as { inputs: { x: TensorInfo }; attrs: { axis: number | number[]; keepDims: boolean } };
    const x = inputs.x;
    if (x.dtype !== 'float32' || !isLeadingAxes(attrs.axis, x.shape.length)) return builtIn(args);
    const backend = args.backend as unknown as BackendWasm;
    const c = x.shape[x.shape.length - 1];
    const outShape = attrs.keepDims ? [...x.shape.slice(0, -1).map(() => 1), c] : [c];
    const out = allocate(backend, outShape);
    const rows = x.shape.slice(0, -1).reduce((a, b) => a * b, 1);
    simdKernels(backend).sumRows(heapOffset(backend, x), rows, c, heapOffset(backend, out));
    return out;
  };
}
