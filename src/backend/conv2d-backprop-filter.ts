/**
 * Fast wasm kernel for Conv2DBackpropFilter (missing on the wasm backend, tfjs #8474).
 *
 * The filter gradient dW[kh, kw, ci, co] = Σ_{n, oh, ow} xPadded[n, oh·s + kh, ow·s + kw, ci] · dy[n, oh, ow, co]
 * is itself a forward convolution, which XNNPACK runs fast. XNNPACK repacks the "filter" operand of every
 * new convolution (slowly, ~14 ns per value in this build), so when x is much smaller than dy, x plays the filter:
 *
 * - dy as filter (any stride s): input = xPadded transposed to [ci, hp, wp, n], filter = dy transposed to
 *   [ho, wo, n, co], stride 1, dilation s, where hp = (ho − 1)·s + kh (negative padding crops rows the forward
 *   conv never read) → [ci, kh, kw, co], transposed to [kh, kw, ci, co].
 * - x as filter (stride 1 only, when x is at least 4× smaller, e.g. the first layer with 3 channels): with dy padded
 *   by k − 1 on each side, out[o] = Σ_j dyPadded[o + j] · xPadded[j] is dW at tap k − 1 − o, so
 *   input = dy transposed to [co, ho, wo, n], filter = xPadded transposed to [hp, wp, n, ci] → [co, kh, kw, ci],
 *   reversed spatially and transposed to [kh, kw, ci, co].
 *
 * The transposes (with the padding folded in) are single JavaScript passes over the wasm heap.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../tf';
import { allocate, convWithPads, heapView, release, type TensorInfo } from './wasm-kernel-utils';

/** Attributes tfjs passes to Conv2DBackpropFilter. */
interface BackpropFilterAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/**
 * Rearranges x [n, h, w, c] into [c, hp, wp, n] (channelsOuter) or [hp, wp, n, c] with rows
 * r ∈ [0, hp) taken from x row r − top (zero outside x), columns likewise: transpose, pad and crop in one pass.
 */
function padTranspose(
  backend: BackendWasm, x: TensorInfo, hp: number, wp: number, top: number, left: number, channelsOuter: boolean,
): TensorInfo {
  const [n, h, w, c] = x.shape;
  const out = allocate(backend, channelsOuter ? [c, hp, wp, n] : [hp, wp, n, c]);
  const ov = heapView(backend, out);
  const xv = heapView(backend, x);
  ov.fill(0);
  const rStart = Math.max(0, top);
  const rEnd = Math.min(hp, h + top);
  const cStart = Math.max(0, left);
  const cEnd = Math.min(wp, w + left);
  const planeStride = hp * wp * n; // channelsOuter: stride of c
  for (let b = 0; b < n; b++) {
    for (let r = rStart; r < rEnd; r++) {
      const srcRow = ((b * h + (r - top)) * w) * c;
      for (let col = cStart; col < cEnd; col++) {
        const src = srcRow + (col - left) * c;
        if (channelsOuter) {
          let dst = (r * wp + col) * n + b;
          for (let ch = 0; ch < c; ch++, dst += planeStride) ov[dst] = xv[src + ch];
        } else {
          const dst = ((r * wp + col) * n + b) * c;
          for (let ch = 0; ch < c; ch++) ov[dst + ch] = xv[src + ch];
        }
      }
    }
  }
  return out;
}

/** dy [n, ho, wo, c] → [ho, wo, n, c] (channelsOuter false) or [c, ho, wo, n]. */
function transposeBatchInside(backend: BackendWasm, dy: TensorInfo, channelsOuter: boolean): TensorInfo {
  const [, ho, wo] = dy.shape;
  return padTranspose(backend, dy, ho, wo, 0, 0, channelsOuter);
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
  const [, , , cin] = x.shape;
  const [, outH, outW, cout] = dy.shape;
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
  const hp = (outH - 1) * sh + kh;
  const wp = (outW - 1) * sw + kw;
  // x as the filter sums over (hp·wp)/(ho·wo) more taps (zero padding of dy); it pays only when x is much
  // smaller than dy (the first layer: 3 channels in, 32 out).
  const xMuchSmaller = 4 * hp * wp * cin <= outH * outW * cout;
  if (sh === 1 && sw === 1 && xMuchSmaller) {
    // x as the filter: [co, kh, kw, ci] from dy^T padded by k − 1, then reversed taps.
    const filter = padTranspose(backend, x, hp, wp, info.padInfo.top, info.padInfo.left, false);
    const input = transposeBatchInside(backend, dy, true);
    let out: TensorInfo;
    try {
      out = convWithPads(backend, input, filter, { top: kh - 1, bottom: kh - 1, left: kw - 1, right: kw - 1 });
    } finally {
      release(backend, filter);
      release(backend, input);
    }
    const dw = allocate(backend, [kh, kw, cin, cout]);
    const dv = heapView(backend, dw);
    const ov = heapView(backend, out);
    for (let a = 0; a < kh; a++) {
      for (let b = 0; b < kw; b++) {
        for (let ci = 0; ci < cin; ci++) {
          const dst = ((a * kw + b) * cin + ci) * cout;
          const src = ((kh - 1 - a) * kw + (kw - 1 - b)) * cin + ci;
          for (let co = 0; co < cout; co++) dv[dst + co] = ov[co * kh * kw * cin + src];
        }
      }
    }
    release(backend, out);
    return dw;
  }
  // dy as the filter.
  const input = padTranspose(backend, x, hp, wp, info.padInfo.top, info.padInfo.left, true);
  const filter = transposeBatchInside(backend, dy, false);
  let grad: TensorInfo;
  try {
    grad = convWithPads(backend, input, filter, { top: 0, bottom: 0, left: 0, right: 0 }, [1, 1], [sh, sw]);
  } finally {
    release(backend, input);
    release(backend, filter);
  }
  // [ci, kh, kw, co] → [kh, kw, ci, co]
  const dw = allocate(backend, [kh, kw, cin, cout]);
  const dv = heapView(backend, dw);
  const gv = heapView(backend, grad);
  for (let ci = 0; ci < cin; ci++) {
    for (let t = 0; t < kh * kw; t++) {
      const src = (ci * kh * kw + t) * cout;
      dv.set(gv.subarray(src, src + cout), (t * cin + ci) * cout);
    }
  }
  release(backend, grad);
  return dw;
}
