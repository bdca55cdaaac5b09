/**
 * Fast wasm Sum over all leading axes (the bias gradients of Conv2D and Dense layers: dy [n, h, w, c] → [c]).
 * The built-in kernel transposes the reduced axes to the end first; this sums in one JavaScript pass, with
 * float64 accumulators like the cpu backend. Any other reduction goes to the built-in kernel.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../tf';
import { allocate, heapView, type TensorInfo } from './wasm-kernel-utils';

/** True when `axis` (numbers, possibly negative) is exactly every axis but the last of a rank-`rank` tensor. */
function isLeadingAxes(axis: number | number[], rank: number): boolean {
  const axes = (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a)).sort((a, b) => a - b);
  return rank >= 2 && axes.length === rank - 1 && axes.every((a, i) => a === i);
}

/** Wraps the built-in Sum: float32 sums over all leading axes run as one pass; the rest is delegated. */
export function biasSumKernel(builtIn: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, attrs } = args as unknown as { inputs: { x: TensorInfo }; attrs: { axis: number | number[]; keepDims: boolean } };
    const x = inputs.x;
    if (x.dtype !== 'float32' || !isLeadingAxes(attrs.axis, x.shape.length)) return builtIn(args);
    const backend = args.backend as unknown as BackendWasm;
    const c = x.shape[x.shape.length - 1];
    const outShape = attrs.keepDims ? [...x.shape.slice(0, -1).map(() => 1), c] : [c];
    const out = allocate(backend, outShape);
    const ov = heapView(backend, out);
    const xv = heapView(backend, x);
    const acc = new Float64Array(c);
    for (let i = 0; i < xv.length; i += c) {
      for (let k = 0; k < c; k++) acc[k] += xv[i + k];
    }
    ov.set(acc);
    return out;
  };
}
