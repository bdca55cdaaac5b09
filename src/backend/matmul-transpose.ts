/**
 * Fast wasm BatchMatMul / _FusedMatMul with transpose flags. The built-in kernels only use XNNPACK when
 * neither operand is transposed and otherwise run scalar loops (5–12× slower); the Dense layers' gradients
 * are such products. This wrapper transposes the flagged operand explicitly, then calls the built-in kernel.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../tf';
import { release, transposeInfo, type TensorInfo } from './wasm-kernel-utils';

/** Swaps the last two axes of `x` with the wasm Transpose kernel; the caller releases the result. */
function swapLastAxes(backend: BackendWasm, x: TensorInfo): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank).keys()];
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return transposeInfo(backend, x, perm);
}

/** Wraps a built-in matmul kernel (inputs a, b; attrs transposeA, transposeB) so it never sees a transpose flag. */
export function explicitTransposeMatMul(builtIn: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const attrs = args.attrs as Record<string, unknown>;
    const inputs = args.inputs as Record<string, TensorInfo>;
    if (!attrs.transposeA && !attrs.transposeB) return builtIn(args);
    const backend = args.backend as unknown as BackendWasm;
    const a = attrs.transposeA ? swapLastAxes(backend, inputs.a) : inputs.a;
    const b = attrs.transposeB ? swapLastAxes(backend, inputs.b) : inputs.b;
    try {
      return builtIn({ ...args, inputs: { ...inputs, a, b }, attrs: { ...attrs, transposeA: false, transposeB: false } } as never);
    } finally {
      if (a !== inputs.a) release(backend, a);
      if (b !== inputs.b) release(backend, b);
    }
  };
}
