/**
 * Fast wasm kernel for Conv2DBackpropFilter (missing on the wasm backend, tfjs #8474).
 *
 * The filter gradient dW[kh, kw, ci, co] = Σ_{n, oh, ow} xPadded[n, oh·s + kh, ow·s + kw, ci] · dy[n, oh, ow, co]
 * is a matrix product whose reduction runs over the long n·ho·wo axis. The SIMD kernel convFilterGrad
 * (simd/assembly/conv-filter-grad.ts) computes it in place from x and dy, skipping taps that fall in the padding,
 * and writes dW in its final layout; on the threaded tfjs build its work items are split over the threads. (Running it as one forward XNNPACK convolution, as before, needed two
 * transposes and a repack of a dy-sized filter at every step, and was 1.5–5× slower.)
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../tf';
import { heapOffset, runKernel, simdKernels } from './simd/simd-kernels';
import { allocate, type TensorInfo } from './wasm-kernel-utils';

/** Attributes tfjs passes to Conv2DBackpropFilter. */
interface BackpropFilterAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/**
 * Filter gradient of a 2-D NHWC convolution on the SIMD kernel.
 * x [n, h, w, cin], dy [n, ho, wo, cout] → dW [kh, kw, cin, cout]; the engine owns the result.
 */
export function conv2DBackpropFilterWasm(args: {
  inputs: { x: TensorInfo; dy: TensorInfo };
  backend: BackendWasm;
  attrs: BackpropFilterAttrs;
}): TensorInfo {
  const { inputs: { x, dy }, backend, attrs } = args;
  if (attrs.dataFormat === 'NCHW') {
    throw new Error("Conv2DBackpropFilter sur wasm n'accepte que le format 'NHWC' : utilisez des couches channelsLast (celles par défaut).");
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1,
    attrs.pad, attrs.dimRoundingMode, false, 'channelsLast',
  );
  const [n, h, w, cin] = x.shape;
  const [, outH, outW, cout] = dy.shape;
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
  const dw = allocate(backend, [kh, kw, cin, cout]);
  runKernel(backend, 'convFilterGradItems', [
    heapOffset(backend, x), heapOffset(backend, dy), heapOffset(backend, dw),
    n, h, w, cin, outH, outW, cout, kh, kw, sh, sw, info.padInfo.top, info.padInfo.left,
  ], simdKernels(backend).convFilterGradItemCount(kh, kw, cin));
  return dw;
}
