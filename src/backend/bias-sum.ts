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
    ov.set(sumRows(xv, c));
    return out;
  };
}

/** Column sums of a row-major [m, c] array, float64 accumulators; few-channel cases keep them in locals. */
function sumRows(x: Float32Array, c: number): Float64Array {
  const acc = new Float64Array(c);
  if (c === 1) {
    let a = 0;
    for (let i = 0; i < x.length; i++) a += x[i];
    acc[0] = a;
  } else if (c === 3) {
    let a = 0;
    let b = 0;
    let d = 0;
    for (let i = 0; i < x.length; i += 3) {
      a += x[i];
      b += x[i + 1];
      d += x[i + 2];
    }
    acc[0] = a;
    acc[1] = b;
    acc[2] = d;
  } else {
    for (let i = 0; i < x.length; i += c) {
      for (let k = 0; k < c; k++) acc[k] += x[i + k];
    }
  }
  return acc;
}
