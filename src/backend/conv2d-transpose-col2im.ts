/**
 * Strided input gradient of Conv2D (the forward pass of a strided Conv2DTranspose) as one matrix product
 * followed by a scatter-add ("col2im"):
 *   cols[(n, oh, ow), (kh, kw, ci)] = Σ_co dy[n, oh, ow, co] · W[kh, kw, ci, co]     (matmul [m, cout] × [cout, kh·kw·cin])
 *   dx[n, oh·s + kh − padTop, ow·s + kw − padLeft, ci] += cols[(n, oh, ow), (kh, kw, ci)]   (in range only)
 * Unlike the phase-packed convolution it does exactly the useful multiply-adds. The product is a 1×1 convolution
 * of dy (m pixels of cout channels) with the transposed filter, so it runs on the registered Conv2D (our SIMD
 * kernel, conv2d-forward.ts); the scatter-add runs on the SIMD kernel col2imAddItems, split by images over the
 * kernel threads when there are some.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapOffset, runKernel, simdKernels } from './simd/simd-kernels';
import { allocate, release, reshapeInfo, runWasmKernel, type TensorInfo } from './wasm-kernel-utils';

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
  // B [cout, kh·kw·cin] = W reshaped [kh·kw·cin, cout], transposed: the 1×1 filter [1, 1, cout, kh·kw·cin].
  const b = allocate(backend, [1, cout, taps]);
  simdKernels(backend).transpose(heapOffset(backend, filter), heapOffset(backend, b), taps, cout);
  const pixels = reshapeInfo(backend, dy, [1, n * outH * outW, 1, cout]);
  const filter1x1 = reshapeInfo(backend, b, [1, 1, cout, taps]);
  let cols: TensorInfo;
  try {
    cols = runWasmKernel('Conv2D', backend, { x: pixels, filter: filter1x1 }, { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: 1 });
  } finally {
    release(backend, pixels);
    release(backend, filter1x1);
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
