/**
 * Strided input gradient of Conv2D (the forward pass of a strided Conv2DTranspose) as one XNNPACK matrix
 * product followed by a scatter-add ("col2im"):
 *   cols[(n, oh, ow), (kh, kw, ci)] = Σ_co dy[n, oh, ow, co] · W[kh, kw, ci, co]     (matmul [m, cout] × [cout, kh·kw·cin])
 *   dx[n, oh·s + kh − padTop, ow·s + kw − padLeft, ci] += cols[(n, oh, ow), (kh, kw, ci)]   (in range only)
 * Unlike the phase-packed convolution it does exactly the useful multiply-adds, and XNNPACK packs only W; the
 * scatter-add runs on the SIMD kernel col2imAddItems, split by images over the kernel threads when there are some.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapOffset, runKernel } from './simd/simd-kernels';
import { allocate, heapView, release, reshapeInfo, runWasmKernel, type TensorInfo } from './wasm-kernel-utils';

/** Geometry of the strided input gradient: input shape, strides, leading pads. */
export interface Col2imGeometry {
  inputShape: [number, number, number, number];
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
}

/**
 * dx [n, h, w, cin] from dy [n, ho, wo, cout] and W [kh, kw, cin, cout] by matmul + scatter-add; the caller
 * (the kernel) returns the result to the engine.
 */
export function backpropInputByCol2im(backend: BackendWasm, dy: TensorInfo, filter: TensorInfo, g: Col2imGeometry): TensorInfo {
  const [n, h, w, cin] = g.inputShape;
  const [, outH, outW, cout] = dy.shape;
  const [kh, kw] = filter.shape;
  const taps = kh * kw * cin;
  // B [cout, kh·kw·cin] = W reshaped [kh·kw·cin, cout], transposed.
  const b = allocate(backend, [1, cout, taps]);
  {
    const bv = heapView(backend, b);
    const wv = heapView(backend, filter);
    for (let t = 0; t < taps; t++) {
      const src = t * cout;
      for (let co = 0; co < cout; co++) bv[co * taps + t] = wv[src + co];
    }
  }
  const a = reshapeInfo(backend, dy, [1, n * outH * outW, cout]);
  let cols: TensorInfo;
  try {
    cols = runWasmKernel('BatchMatMul', backend, { a, b }, { transposeA: false, transposeB: false });
  } finally {
    release(backend, a);
    release(backend, b);
  }
  const dx = allocate(backend, [n, h, w, cin]);
  runKernel(backend, 'col2imAddItems', [
    heapOffset(backend, cols), heapOffset(backend, dx), n, h, w, cin, outH, outW, kh, kw,
    g.strideHeight, g.strideWidth, g.padTop, g.padLeft,
  ], n);
  release(backend, cols);
  return dx;
}
