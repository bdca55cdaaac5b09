/**
 * Fast wasm kernel for Conv2DBackpropFilter (missing on the wasm backend, tfjs #8474).
 *
 * The filter gradient dW[kh, kw, ci, co] = Σ_{n, oh, ow} xPadded[n, oh·s + kh, ow·s + kw, ci] · dy[n, oh, ow, co]
 * is itself a forward convolution, which XNNPACK runs fast:
 *   input  = x transposed to [ci, h, w, n] (the batch axis becomes the channel axis),
 *   filter = dy transposed to [ho, wo, n, co],
 *   stride 1, dilation = the forward stride, padding chosen so the padded height is exactly (ho − 1)·s + kh
 *   (negative padding crops rows the forward conv never read),
 * giving [ci, kh, kw, co], transposed back to [kh, kw, ci, co].
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../tf';
import { convWithPads, release, transposeInfo, type TensorInfo } from './wasm-kernel-utils';

/** Attributes tfjs passes to Conv2DBackpropFilter. */
interface BackpropFilterAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/**
 * Filter gradient of a 2-D NHWC convolution as one forward convolution on XNNPACK.
 * x [n, h, w, cin], dy [n, ho, wo, cout] → dW [kh, kw, cin, cout]; the engine owns the result.
 */
export function conv2DBackpropFilterWasm(args: {
  inputs: { x: TensorInfo; dy: TensorInfo };
  backend: BackendWasm;
  attrs: BackpropFilterAttrs;
}): TensorInfo {
  const { inputs: { x, dy }, backend, attrs } = args;
  if (attrs.dataFormat === 'NCHW') {
    throw new Error("Conv2DBackpropFilter on wasm supports dataFormat 'NHWC' only: use channelsLast layers (the default).");
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1,
    attrs.pad, attrs.dimRoundingMode, false, 'channelsLast',
  );
  const [, h, w] = x.shape;
  const [, outH, outW] = dy.shape;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const pads = {
    top,
    bottom: (outH - 1) * strideHeight + filterHeight - h - top,
    left,
    right: (outW - 1) * strideWidth + filterWidth - w - left,
  };
  const xT = transposeInfo(backend, x, [3, 1, 2, 0]);
  const dyT = transposeInfo(backend, dy, [1, 2, 0, 3]);
  let grad: TensorInfo;
  try {
    grad = convWithPads(backend, xT, dyT, pads, [1, 1], [strideHeight, strideWidth]);
  } finally {
    release(backend, xT);
    release(backend, dyT);
  }
  const out = transposeInfo(backend, grad, [1, 2, 0, 3]);
  release(backend, grad);
  return out;
}
