// Forward 2-D NHWC convolution (Conv2D) as a SIMD GEMM over the tfjs wasm heap (see index.ts).
import { madd } from './madd';

// y[n, oh, ow, co] = Σ_{a, b, ci} x[n, oh·sh + a − padTop, ow·sw + b − padLeft, ci] · w[a, b, ci, co]
// (taps outside x count as zero). 4 output pixels × 8 output channels stay in registers; the filter is read where
// it is, in its HWIO layout (XNNPACK repacks it at every call, since the weights change at every step). Each sum
// starts at zero and adds its products tap by tap (a, then b), input channel by input channel: XNNPACK's igemm
// order, so the plain build (multiply, then add) gives XNNPACK's bits, and the relaxed build fuses each
// multiply-add (madd.ts), ≈ 1.3× faster than XNNPACK on the course's layers.

/** Output pixels per work item (items are runs of the flattened n·ho·wo output pixels). */
const ITEM_PIXELS = 16;

/** Work items of the forward convolution: runs of ITEM_PIXELS output pixels. */
export function convForwardItemCount(n: i32, ho: i32, wo: i32): i32 {
  return (n * ho * wo + ITEM_PIXELS - 1) / ITEM_PIXELS;
}

/**
 * The output pixels of the work items [item0, item1). `zero` points to at least cin zero floats: the taps that
 * fall in the padding read it.
 */
export function convForwardItems(
  x: usize, w: usize, y: usize, zero: usize,
  n: i32, h: i32, wd: i32, cin: i32, ho: i32, wo: i32, cout: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32, item0: i32, item1: i32,
): void {
  const total = n * ho * wo;
  const end = min(total, item1 * ITEM_PIXELS);
  // Pixels per chunk: the chunk's input rows stay in cache while every block of output channels goes over them.
  const chunk = ITEM_PIXELS * 4;
  gx = x; gZero = zero; gH = h; gW = wd; gCin = cin; gHo = ho; gWo = wo; gSh = sh; gSw = sw; gPadTop = padTop; gPadLeft = padLeft;
  for (let p0 = item0 * ITEM_PIXELS; p0 < end; p0 += chunk) {
    const p1 = min(end, p0 + chunk);
    let co = 0;
    for (; co + 8 <= cout; co += 8) {
      let p = p0;
      for (; p + 4 <= p1; p += 4) tile4x8(w, y, p, cin, cout, kh, kw, co);
      for (; p < p1; p++) pixel(w, y, p, cin, cout, kh, kw, co, 8);
    }
    if (co < cout) {
      for (let p = p0; p < p1; p++) pixel(w, y, p, cin, cout, kh, kw, co, cout - co);
    }
  }
}

// Geometry of the call in progress, set by convForwardItems (wasm globals, one set per instance and thread: nothing
// is allocated in the tfjs heap this module shares).
let gx: usize = 0, gZero: usize = 0;
let gH = 0, gW = 0, gCin = 0, gHo = 0, gWo = 0, gSh = 0, gSw = 0, gPadTop = 0, gPadLeft = 0;

/** Input row of output pixel p's window corner (tap (0, 0)); may be negative (padding). */
// @ts-ignore: decorator
@inline function cornerRow(p: i32): i32 {
  const img = p / (gHo * gWo);
  const oh = (p - img * gHo * gWo) / gWo;
  return oh * gSh - gPadTop;
}

/** Input column of output pixel p's window corner. */
// @ts-ignore: decorator
@inline function cornerCol(p: i32): i32 {
  return (p % gWo) * gSw - gPadLeft;
}

/** Byte address of x[img, row, col, 0] for output pixel p's window corner (row, col) (outside x when in the padding). */
// @ts-ignore: decorator
@inline function cornerAddress(p: i32, row: i32, col: i32): isize {
  const img = p / (gHo * gWo);
  return <isize>gx + (<isize>(((img * gH + row) * gW + col) * gCin) << 2);
}

/** Address of the input values tap (a, b) of a window reads, or the zero row when the tap is in the padding. */
// @ts-ignore: decorator
@inline function tapAddress(corner: isize, row: i32, col: i32, a: i32, b: i32): usize {
  if (<u32>(row + a) >= <u32>gH || <u32>(col + b) >= <u32>gW) return gZero;
  return <usize>(corner + (<isize>((a * gW + b) * gCin) << 2));
}

/** y[p..p+4, co..co+8]: four output pixels × eight output channels in registers. */
function tile4x8(w: usize, y: usize, p: i32, cin: i32, cout: i32, kh: i32, kw: i32, co: i32): void {
  const r0 = cornerRow(p), r1 = cornerRow(p + 1), r2 = cornerRow(p + 2), r3 = cornerRow(p + 3);
  const k0 = cornerCol(p), k1 = cornerCol(p + 1), k2 = cornerCol(p + 2), k3 = cornerCol(p + 3);
  const q0 = cornerAddress(p, r0, k0), q1 = cornerAddress(p + 1, r1, k1);
  const q2 = cornerAddress(p + 2, r2, k2), q3 = cornerAddress(p + 3, r3, k3);
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const wRow = <usize>cout << 2;
  let wp = w + (<usize>co << 2);
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      let x0 = tapAddress(q0, r0, k0, a, b);
      let x1 = tapAddress(q1, r1, k1, a, b);
      let x2 = tapAddress(q2, r2, k2, a, b);
      let x3 = tapAddress(q3, r3, k3, a, b);
      for (let ci = 0; ci < cin; ci++) {
        const w0 = v128.load(wp);
        const w1 = v128.load(wp, 16);
        const v0 = v128.load32_splat(x0);
        const v1 = v128.load32_splat(x1);
        const v2 = v128.load32_splat(x2);
        const v3 = v128.load32_splat(x3);
        c00 = madd(v0, w0, c00); c01 = madd(v0, w1, c01);
        c10 = madd(v1, w0, c10); c11 = madd(v1, w1, c11);
        c20 = madd(v2, w0, c20); c21 = madd(v2, w1, c21);
        c30 = madd(v3, w0, c30); c31 = madd(v3, w1, c31);
        x0 += 4; x1 += 4; x2 += 4; x3 += 4;
        wp += wRow;
      }
    }
  }
  const rowBytes = <usize>cout << 2;
  const y0 = y + (<usize>(p * cout + co) << 2);
  v128.store(y0, c00); v128.store(y0, c01, 16);
  v128.store(y0 + rowBytes, c10); v128.store(y0 + rowBytes, c11, 16);
  v128.store(y0 + 2 * rowBytes, c20); v128.store(y0 + 2 * rowBytes, c21, 16);
  v128.store(y0 + 3 * rowBytes, c30); v128.store(y0 + 3 * rowBytes, c31, 16);
}

/** y[p, co..co+count] one channel at a time (pixels left over by the tiles, channels left over by the blocks of 8). */
function pixel(w: usize, y: usize, p: i32, cin: i32, cout: i32, kh: i32, kw: i32, co: i32, count: i32): void {
  const r = cornerRow(p), k = cornerCol(p);
  const q = cornerAddress(p, r, k);
  for (let c = co; c < co + count; c++) {
    let acc: f32 = 0;
    let wp = w + (<usize>c << 2);
    for (let a = 0; a < kh; a++) {
      for (let b = 0; b < kw; b++) {
        let xp = tapAddress(q, r, k, a, b);
        for (let ci = 0; ci < cin; ci++) {
          acc += load<f32>(xp) * load<f32>(wp);
          xp += 4;
          wp += <usize>cout << 2;
        }
      }
    }
    store<f32>(y + (<usize>(p * cout + c) << 2), acc);
  }
}
