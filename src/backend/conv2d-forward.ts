/**
 * Forward Conv2D on our SIMD kernel (simd/assembly/conv-forward.ts) instead of XNNPACK, for NHWC inputs of 8
 * channels or more without dilation: the forward pass of every convolution layer but the first, and the input
 * gradients of all of them (stride-1 ones through conv2d-backprop-input.ts, strided ones of Conv2DTranspose).
 * XNNPACK repacks the filter at every call because the weights change at every step; our kernel reads it where it
 * is, fuses each multiply-add in the relaxed-SIMD build (≈ 1.3× faster than XNNPACK on the course's layers, one
 * thread) and gives XNNPACK's bits in the plain build. On the threaded build its work items (runs of output pixels)
 * are split over the kernel threads. Other convolutions (fewer input channels, where XNNPACK is faster; dilation;
 * NCHW) go to the built-in kernel with 'same' padding made explicit (same-padding-fix.ts).
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../tf';
import { explicitSamePadding } from './same-padding-fix';
import { heapOffset, runKernel, simdKernels } from './simd/simd-kernels';
import { allocate, heapView, release, type TensorInfo } from './wasm-kernel-utils';

/** Input channels from which our kernel beats XNNPACK (below, XNNPACK's own kernels for few channels win). */
const MIN_INPUT_CHANNELS = 8;

/** Attributes tfjs passes to Conv2D. */
interface Conv2DAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** True when `dilations` is 1 on both axes (or absent). */
function undilated(dilations: Conv2DAttrs['dilations']): boolean {
  return dilations === undefined || (Array.isArray(dilations) ? dilations.every((d) => d === 1) : dilations === 1);
}

/** Wraps the built-in wasm Conv2D: our SIMD kernel where it applies (see above), the built-in one otherwise. */
export function simdConv2D(builtIn: tf.KernelFunc): tf.KernelFunc {
  const fallback = explicitSamePadding(builtIn);
  return (args) => {
    const attrs = args.attrs as unknown as Conv2DAttrs;
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
    const backend = args.backend as unknown as BackendWasm;
    if ((attrs.dataFormat ?? 'NHWC') !== 'NHWC' || !undilated(attrs.dilations) || x.shape[3] < MIN_INPUT_CHANNELS) return fallback(args);
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filter.shape as [number, number, number, number],
      attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast',
    );
    const [n, h, w, cin] = x.shape;
    const { outHeight: ho, outWidth: wo, outChannels: cout, filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
    const y = allocate(backend, [n, ho, wo, cout]);
    const zero = allocate(backend, [cin]);
    heapView(backend, zero).fill(0);
    try {
      runKernel(backend, 'convForwardItems', [
        heapOffset(backend, x), heapOffset(backend, filter), heapOffset(backend, y), heapOffset(backend, zero),
        n, h, w, cin, ho, wo, cout, kh, kw, sh, sw, info.padInfo.top, info.padInfo.left,
      ], simdKernels(backend).convForwardItemCount(n, ho, wo));
    } finally {
      release(backend, zero);
    }
    return y;
  };
}
