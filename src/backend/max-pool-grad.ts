/**
 * Correct (and faster) wasm kernel for MaxPoolGrad.
 *
 * The built-in wasm MaxPoolGrad of TensorFlow.js 4.22 starts its running maximum at the smallest
 * positive float instead of −∞, so in a window whose values are all ≤ 0 (common after ELU) the gradient
 * goes to the window's first element whatever the maximum is, and on ties it picks the last maximum
 * where TensorFlow (and the cpu backend) pick the first. This kernel routes each dy value to the first
 * maximum of its window: the common 2×2 stride-2 case on a branch-free SIMD kernel, any other window in plain
 * JavaScript over the wasm heap (one pass, no temporary tensors).
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../tf';
import { heapOffset, runKernel } from './simd/simd-kernels';
import { allocate, heapView, type TensorInfo } from './wasm-kernel-utils';

/** Attributes tfjs passes to MaxPoolGrad. */
interface MaxPoolGradAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * Gradient of 2-D max pooling (NHWC): dy [n, ho, wo, c], input [n, h, w, c] → dx [n, h, w, c]; each dy value
 * is added at the first maximum of its window (as on cpu). The engine owns the result.
 */
export function maxPoolGradWasm(args: {
  inputs: { dy: TensorInfo; input: TensorInfo; output?: TensorInfo };
  backend: BackendWasm;
  attrs: MaxPoolGradAttrs;
}): TensorInfo {
  const { inputs: { dy, input }, backend, attrs } = args;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: c, outHeight, outWidth, strideHeight, strideWidth } = info;
  const fh = info.effectiveFilterHeight;
  const fw = info.effectiveFilterWidth;
  const top = info.padInfo.top;
  const left = info.padInfo.left;

  const dx = allocate(backend, input.shape);
  // Views are taken after the last allocation (allocation may grow and detach the heap).
  const dxv = heapView(backend, dx);
  if (fh === 2 && fw === 2 && strideHeight === 2 && strideWidth === 2 && top === 0 && left === 0 &&
      outHeight * 2 <= inHeight && outWidth * 2 <= inWidth) {
    // Non-overlapping windows: the SIMD kernel writes every cell they cover; only an odd last row/column stays.
    if (outHeight * 2 < inHeight || outWidth * 2 < inWidth) dxv.fill(0);
    runKernel(backend, 'maxPool2x2GradItems', [
      heapOffset(backend, input), heapOffset(backend, dy), heapOffset(backend, dx),
      batchSize, inHeight, inWidth, c, outHeight, outWidth,
    ], batchSize);
    return dx;
  }
  const xv = heapView(backend, input);
  const dyv = heapView(backend, dy);
  dxv.fill(0);
  const best = new Float32Array(c);
  const where = new Int32Array(c);
  const rowStride = inWidth * c;
  let dyOffset = 0;
  for (let b = 0; b < batchSize; b++) {
    const imageOffset = b * inHeight * rowStride;
    for (let oh = 0; oh < outHeight; oh++) {
      const r0 = oh * strideHeight - top;
      const rStart = Math.max(0, r0);
      const rEnd = Math.min(inHeight, r0 + fh);
      for (let ow = 0; ow < outWidth; ow++, dyOffset += c) {
        const c0 = ow * strideWidth - left;
        const cStart = Math.max(0, c0);
        const cEnd = Math.min(inWidth, c0 + fw);
        best.fill(-Infinity);
        where.fill(-1);
        for (let r = rStart; r < rEnd; r++) {
          for (let col = cStart; col < cEnd; col++) {
            const base = imageOffset + r * rowStride + col * c;
            for (let ch = 0; ch < c; ch++) {
              const v = xv[base + ch];
              if (v > best[ch]) {
                best[ch] = v;
                where[ch] = base + ch;
              }
            }
          }
        }
        for (let ch = 0; ch < c; ch++) {
          const at = where[ch];
          if (at >= 0) dxv[at] += dyv[dyOffset + ch];
        }
      }
    }
  }
  return dx;
}
