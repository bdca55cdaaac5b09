/**
 * Fast wasm BatchMatMul / _FusedMatMul. A product of two matrices (no batch, or a batch of 1: the Dense layers
 * and their gradients) runs on our forward-convolution kernel as a 1×1 convolution: A [m, k] is m pixels of k
 * channels, B [k, n] the filter, read where it is. XNNPACK repacks B at every call (the weights change at every
 * step, a 1024 × 512 matrix for the denoiser), and the built-in kernels run scalar loops when an operand is
 * transposed: here a transposed operand is first transposed by the SIMD transpose, and a bias is added after the
 * product. Batched products, and fused activations other than linear, go to the built-in kernel with the
 * transposes made explicit.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../tf';
import { heapOffset, simdKernels } from './simd/simd-kernels';
import { allocate, release, reshapeInfo, runWasmKernel, transposeInfo, type TensorInfo } from './wasm-kernel-utils';

/** Inputs and attributes of BatchMatMul and _FusedMatMul (bias, activation and PReLU weights: the fused one only). */
interface MatMulArgs {
  inputs: { a: TensorInfo; b: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo };
  attrs: { transposeA: boolean; transposeB: boolean; activation?: string };
  backend: BackendWasm;
}

/** Swaps the last two axes of `x` with the wasm Transpose kernel; the caller releases the result. */
function swapLastAxes(backend: BackendWasm, x: TensorInfo): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank).keys()];
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return transposeInfo(backend, x, perm);
}

/** The built-in kernel on operands transposed beforehand (it runs scalar loops when given a transpose flag). */
function explicitTransposes(builtIn: tf.KernelFunc, args: MatMulArgs): TensorInfo {
  const { inputs, attrs, backend } = args;
  const a = attrs.transposeA ? swapLastAxes(backend, inputs.a) : inputs.a;
  const b = attrs.transposeB ? swapLastAxes(backend, inputs.b) : inputs.b;
  try {
    return builtIn({ ...args, inputs: { ...inputs, a, b }, attrs: { ...attrs, transposeA: false, transposeB: false } } as never) as TensorInfo;
  } finally {
    if (a !== inputs.a) release(backend, a);
    if (b !== inputs.b) release(backend, b);
  }
}

/** Number of matrices in `x` (the product of its leading axes). */
function batchOf(x: TensorInfo): number {
  return x.shape.slice(0, -2).reduce((p, d) => p * d, 1);
}

/** The matrix `x` [rows, cols] (its last two axes), transposed when `transpose` is set, as a 2-D TensorInfo the caller releases. */
function matrix(backend: BackendWasm, x: TensorInfo, transpose: boolean): TensorInfo {
  const [rows, cols] = x.shape.slice(-2);
  if (!transpose) return reshapeInfo(backend, x, [rows, cols]);
  const t = allocate(backend, [cols, rows]);
  simdKernels(backend).transpose(heapOffset(backend, x), heapOffset(backend, t), rows, cols);
  return t;
}

/** A·B (transposes applied) on the forward-convolution kernel, as [m, n]; the caller releases it. */
function productByConv(backend: BackendWasm, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): TensorInfo {
  const left = matrix(backend, a, transposeA);
  const right = matrix(backend, b, transposeB);
  const [m, k] = left.shape;
  const n = right.shape[1];
  const pixels = reshapeInfo(backend, left, [1, m, 1, k]);
  const filter = reshapeInfo(backend, right, [1, 1, k, n]);
  try {
    const y = runWasmKernel('Conv2D', backend, { x: pixels, filter }, { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: 1 });
    const product = reshapeInfo(backend, y, [m, n]);
    release(backend, y);
    return product;
  } finally {
    [pixels, filter, left, right].forEach((t) => release(backend, t));
  }
}

/** Wraps the built-in BatchMatMul or _FusedMatMul: products of two matrices on our kernel (see above), others built in. */
export function simdMatMul(builtIn: tf.KernelFunc): tf.KernelFunc {
  return (kernelArgs) => {
    const args = kernelArgs as unknown as MatMulArgs;
    const { inputs: { a, b, bias, preluActivationWeights }, attrs, backend } = args;
    const linear = attrs.activation === undefined || attrs.activation === 'linear';
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || batchOf(a) !== 1 || batchOf(b) !== 1 || !linear || preluActivationWeights) {
      return attrs.transposeA || attrs.transposeB ? explicitTransposes(builtIn, args) : builtIn(kernelArgs);
    }
    const product = productByConv(backend, a, b, attrs.transposeA, attrs.transposeB);
    let out = product;
    if (bias) {
      out = runWasmKernel('Add', backend, { a: product, b: bias });
      release(backend, product);
    }
    // The built-in kernels' output shape: the broadcast batch axes (all 1 here), then [m, n].
    const batch = a.shape.length > b.shape.length ? a.shape.slice(0, -2) : b.shape.slice(0, -2);
    if (batch.length === 0) return out;
    const shaped = reshapeInfo(backend, out, [...batch, ...out.shape]);
    release(backend, out);
    return shaped;
  };
}
