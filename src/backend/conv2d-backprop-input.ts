/**
 * Fast wasm kernel for Conv2DBackpropInput (the input gradient of Conv2D, and the forward pass of
 * Conv2DTranspose). The built-in wasm kernel runs naive scalar loops; this one uses XNNPACK:
 *
 * - stride 1: one forward convolution of dy (padded by k − 1 − pad) with the filter rotated by 180° and its
 *   channels swapped, G[a, b, co, ci] = W[k − 1 − a, k − 1 − b, ci, co];
 * - stride > 1: one matrix product and a scatter-add (see conv2d-transpose-col2im), which does only the
 *   useful multiply-adds. (Packing the s×s output phases into the channels of one stride-1 convolution
 *   also works but does (⌈k/s⌉·s / k)² too much work — 16/9 for k = 3, s = 2 — and was slower here.)
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../tf';
import { backpropInputByCol2im } from './conv2d-transpose-col2im';
import {
  allocate, convWithPads, heapView, release, type TensorInfo,
} from './wasm-kernel-utils';

/** Attributes tfjs passes to Conv2DBackpropInput. */
interface BackpropInputAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

/** Geometry of one spatial axis of the phase decomposition. */
interface AxisPlan {
  /** Taps per phase, ⌈k / s⌉. */
  taps: number;
  /** Number of phase-grid rows computed (Q). */
  rows: number;
  /** Padding of dy before the stride-1 conv (negative = crop). */
  padBefore: number;
  padAfter: number;
  /** Offset of the first wanted row in the depth-to-space result. */
  cropOffset: number;
}

/** Plans one axis: input size, dy size, stride, kernel size, leading padding of the forward conv. */
function planAxis(inSize: number, outSize: number, stride: number, kernel: number, padStart: number): AxisPlan {
  const taps = Math.ceil(kernel / stride);
  const firstQ = Math.floor(padStart / stride);
  const lastQ = Math.floor((padStart + inSize - 1) / stride);
  const rows = lastQ - firstQ + 1;
  const padBefore = taps - 1 - firstQ;
  const padAfter = rows + taps - 1 - outSize - padBefore;
  return { taps, rows, padBefore, padAfter, cropOffset: padStart - stride * firstQ };
}

/** Builds the combined phase filter G [Mh, Mw, cout, sh·sw·cin] from W [kh, kw, cin, cout] on the wasm heap. */
function buildPhaseFilter(
  backend: BackendWasm, filter: TensorInfo, sh: number, sw: number, mh: number, mw: number,
): TensorInfo {
  const [kh, kw, cin, cout] = filter.shape;
  const phases = sh * sw;
  const g = allocate(backend, [mh, mw, cout, phases * cin]);
  const gv = heapView(backend, g);
  const wv = heapView(backend, filter);
  let o = 0;
  for (let a = 0; a < mh; a++) {
    for (let b = 0; b < mw; b++) {
      for (let co = 0; co < cout; co++) {
        for (let th = 0; th < sh; th++) {
          const r = th + sh * (mh - 1 - a);
          for (let tw = 0; tw < sw; tw++) {
            const c = tw + sw * (mw - 1 - b);
            if (r >= kh || c >= kw) {
              gv.fill(0, o, o + cin);
              o += cin;
              continue;
            }
            let src = (r * kw + c) * cin * cout + co;
            for (let ci = 0; ci < cin; ci++, src += cout) gv[o++] = wv[src];
          }
        }
      }
    }
  }
  return g;
}

/** The kernel registered in place of the built-in one; NCHW falls back to the built-in kernel. */
let builtInKernel: tf.KernelFunc | null = null;

/** Remembers the built-in wasm Conv2DBackpropInput so NCHW calls (and an unregister) can use it. */
export function setBuiltInBackpropInput(kernelFunc: tf.KernelFunc | null): void {
  builtInKernel = kernelFunc;
}

/**
 * Input gradient of a 2-D NHWC convolution (also Conv2DTranspose's forward pass) as one stride-1 forward
 * convolution on XNNPACK. dy [n, ho, wo, cout], filter [kh, kw, cin, cout] → dx [n, h, w, cin] (inputShape);
 * the engine owns the result.
 */
export function conv2DBackpropInputWasm(args: {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  backend: BackendWasm;
  attrs: BackpropInputAttrs;
}): TensorInfo {
  const { inputs: { dy, filter }, backend, attrs } = args;
  if (attrs.dataFormat === 'NCHW') {
    if (builtInKernel == null) {
      throw new Error("Conv2DBackpropInput on wasm: dataFormat 'NCHW' needs the built-in kernel, which is not available; use channelsLast.");
    }
    return builtInKernel(args as never) as TensorInfo;
  }
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape, filter.shape as [number, number, number, number], attrs.strides, 1,
    attrs.pad, attrs.dimRoundingMode, false, 'channelsLast',
  );
  const [n, h, w, cin] = attrs.inputShape;
  const [, outH, outW] = dy.shape;
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
  if (sh * sw > 1) {
    return backpropInputByCol2im(backend, dy, filter, {
      inputShape: [n, h, w, cin], strideHeight: sh, strideWidth: sw, padTop: info.padInfo.top, padLeft: info.padInfo.left,
    });
  }
  // Stride 1: the rows computed are exactly the input rows (no crop), the filter is W rotated.
  const ph = planAxis(h, outH, sh, kh, info.padInfo.top);
  const pw = planAxis(w, outW, sw, kw, info.padInfo.left);
  const g = buildPhaseFilter(backend, filter, sh, sw, ph.taps, pw.taps);
  try {
    return convWithPads(backend, dy, g, {
      top: ph.padBefore, bottom: ph.padAfter, left: pw.padBefore, right: pw.padAfter,
    });
  } finally {
    release(backend, g);
  }
}
