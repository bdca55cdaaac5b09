/**
 * Fast wasm kernel for Conv2DBackpropInput (the input gradient of Conv2D, and the forward pass of
 * Conv2DTranspose). The built-in wasm kernel runs naive scalar loops; this one uses fast products:
 *
 * - stride 1: one forward convolution (the registered Conv2D, conv2d-forward.ts) of dy (padded by k − 1 − pad)
 *   with the filter rotated by 180° and its channels swapped, G[a, b, co, ci] = W[k − 1 − a, k − 1 − b, ci, co];
 * - stride > 1: one matrix product and a scatter-add (see conv2d-transpose-col2im), which does only the
 *   useful multiply-adds. (Packing the s×s output phases into the channels of one stride-1 convolution
 *   also works but does (⌈k/s⌉·s / k)² too much work — 16/9 for k = 3, s = 2 — and was slower here.)
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../tf';
import { backpropInputByCol2im } from './conv2d-transpose-col2im';
import { heapOffset, simdKernels } from './simd/simd-kernels';
import { allocate, convWithPads, release, type TensorInfo } from './wasm-kernel-utils';

/** Attributes tfjs passes to Conv2DBackpropInput. */
interface BackpropInputAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

/** The stride-1 input-gradient filter G [kh, kw, cout, cin]: W rotated by 180° with its channels swapped. */
function rotatedFilter(backend: BackendWasm, filter: TensorInfo): TensorInfo {
  const [kh, kw, cin, cout] = filter.shape;
  const g = allocate(backend, [kh, kw, cout, cin]);
  const kernels = simdKernels(backend);
  const tapBytes = cin * cout * 4;
  const from = heapOffset(backend, filter);
  const to = heapOffset(backend, g);
  for (let tap = 0, taps = kh * kw; tap < taps; tap++) kernels.transpose(from + (taps - 1 - tap) * tapBytes, to + tap * tapBytes, cin, cout);
  return g;
}

/** The kernel registered in place of the built-in one; NCHW falls back to the built-in kernel. */
let builtInKernel: tf.KernelFunc | null = null;

/** Remembers the built-in wasm Conv2DBackpropInput so NCHW calls (and an unregister) can use it. */
export function setBuiltInBackpropInput(kernelFunc: tf.KernelFunc | null): void {
  builtInKernel = kernelFunc;
}

/**
 * Input gradient of a 2-D NHWC convolution (also Conv2DTranspose's forward pass): one forward
 * convolution for stride 1, a matrix product and a scatter-add otherwise. dy [n, ho, wo, cout], filter
 * [kh, kw, cin, cout] → dx [n, h, w, cin] (inputShape); the engine owns the result.
 */
export function conv2DBackpropInputWasm(args: {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  backend: BackendWasm;
  attrs: BackpropInputAttrs;
}): TensorInfo {
  const { inputs: { dy, filter }, backend, attrs } = args;
  if (attrs.dataFormat === 'NCHW') {
    if (builtInKernel == null) {
      throw new Error(`Conv2DBackpropInput sur wasm : le format 'NCHW' demande la fonction de calcul d'origine de TensorFlow.js, absente ici ; utilisez des couches channelsLast (format 'NHWC', celui par défaut).`);
    }
    return builtInKernel(args as never) as TensorInfo;
  }
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape, filter.shape as [number, number, number, number], attrs.strides, 1,
    attrs.pad, attrs.dimRoundingMode, false, 'channelsLast',
  );
  const [n, h, w, cin] = attrs.inputShape;
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw, padInfo } = info;
  if (sh * sw > 1) {
    return backpropInputByCol2im(backend, dy, filter, {
      inputShape: [n, h, w, cin], strideHeight: sh, strideWidth: sw, padTop: padInfo.top, padLeft: padInfo.left,
    });
  }
  // Stride 1: dy padded by k − 1 − pad on each side, convolved with the rotated filter, gives dx exactly.
  const g = rotatedFilter(backend, filter);
  try {
    return convWithPads(backend, dy, g, {
      top: kh - 1 - padInfo.top, bottom: kh - 1 - padInfo.bottom, left: kw - 1 - padInfo.left, right: kw - 1 - padInfo.right,
    });
  } finally {
    release(backend, g);
  }
}
