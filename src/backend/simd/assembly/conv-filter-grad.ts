// Filter gradient of Conv2D (Conv2DBackpropFilter) as a SIMD GEMM over the tfjs wasm heap (see index.ts).
import { madd } from './madd';

// The filter gradient of a 2-D NHWC convolution, written in its final layout:
// dw[a, b, ci, co] = Σ_{n, oh, ow} x[n, oh·sh + a − padTop, ow·sw + b − padLeft, ci] · dy[n, oh, ow, co]
// (taps outside x count as zero). A blocked GEMM over the long n·ho·wo axis: 4 input channels × 8 output
// channels stay in registers while a tile of output rows streams through; nothing is repacked. Multiply-adds are
// fused in the relaxed-SIMD build (see madd.ts).

/** Work items of the filter gradient: one per (tap, block of 4 input channels); each owns dw[tap, ci..ci+4, :]. */
export function convFilterGradItemCount(kh: i32, kw: i32, cin: i32): i32 {
  return kh * kw * ((cin + 3) >> 2);
}

/**
 * The filter gradient restricted to the work items [item0, item1): zeroes and writes only their part of dw. Each
 * item's sums run over the output rows in the same order whatever the range, so splitting the items between
 * threads gives the same bits as one call over all of them.
 */
export function convFilterGradItems(
  x: usize, dy: usize, dw: usize,
  n: i32, h: i32, w: i32, cin: i32, ho: i32, wo: i32, cout: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32, item0: i32, item1: i32,
): void {
  const blocks = (cin + 3) >> 2;
  for (let item = item0; item < item1; item++) {
    const tap = item / blocks;
    const ci = (item - tap * blocks) << 2;
    const cb = min(4, cin - ci);
    memory.fill(dw + (<usize>((tap * cin + ci) * cout) << 2), 0, <usize>(cb * cout) << 2);
  }
  const rows = n * ho;
  // Output rows per tile: about 32 KB of dy (the tile stays in cache across the channel blocks), and at least
  // 128 output pixels, so loading and storing the accumulators is paid over enough multiply-adds.
  const tileRows = max(max(1, 8192 / max(1, wo * cout)), 128 / max(1, wo));
  for (let p0 = 0; p0 < rows; p0 += tileRows) {
    const p1 = min(rows, p0 + tileRows);
    for (let item = item0; item < item1; item++) {
      const tap = item / blocks;
      const a = tap / kw;
      const b = tap - a * kw;
      // Output columns whose tap b lands inside x: 0 ≤ ow·sw + b − padLeft < w.
      const owStart = max(0, ceilDiv(padLeft - b, sw));
      const owEnd = min(wo, floorDiv(w - 1 + padLeft - b, sw) + 1);
      if (owEnd <= owStart) continue;
      const tapBase = dw + (<usize>(tap * cin * cout) << 2);
      const ci = (item - tap * blocks) << 2;
      const cb = min(4, cin - ci);
      let co = 0;
      for (; co + 8 <= cout; co += 8) {
        tile8(x, dy, tapBase, p0, p1, ho, h, w, cin, wo, cout, a, b, sh, sw, padTop, padLeft, owStart, owEnd, ci, cb, co);
      }
      for (; co < cout; co++) {
        tile1(x, dy, tapBase, p0, p1, ho, h, w, cin, wo, cout, a, b, sh, sw, padTop, padLeft, owStart, owEnd, ci, cb, co);
      }
    }
  }
}

// @ts-ignore: decorator
@inline function ceilDiv(a: i32, b: i32): i32 {
  return a >= 0 ? (a + b - 1) / b : -((-a) / b);
}

// @ts-ignore: decorator
@inline function floorDiv(a: i32, b: i32): i32 {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/**
 * Byte offset in x of the first input value that output row p = (img, oh) reads at tap (a, b), from column owStart
 * and channel ci; -1 when the tap's input row falls in the padding. Callers walk (img, oh) incrementally.
 */
// @ts-ignore: decorator
@inline function rowStart(
  img: i32, oh: i32, h: i32, w: i32, cin: i32, a: i32, b: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32, owStart: i32, ci: i32,
): isize {
  const ih = oh * sh + a - padTop;
  if (<u32>ih >= <u32>h) return -1;
  return <isize>((((img * h + ih) * w + owStart * sw + b - padLeft) * cin + ci) << 2);
}

/**
 * dw[tap, ci..ci+cb, co..co+8] += Σ over the tile's output rows and columns, row after row in p order. The rows
 * whose tap row falls inside x are found once per image, then walked with pointer steps only (no per-row index
 * arithmetic: on 4×4 outputs a row is just 3 or 4 pixels).
 */
function tile8(
  x: usize, dy: usize, tapBase: usize, p0: i32, p1: i32, ho: i32, h: i32, w: i32, cin: i32, wo: i32, cout: i32,
  a: i32, b: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32, owStart: i32, owEnd: i32, ci: i32, cb: i32, co: i32,
): void {
  const rowBytes = <usize>cout << 2;
  const d0 = tapBase + (<usize>(ci * cout + co) << 2);
  let a00 = v128.load(d0), a01 = v128.load(d0, 16);
  let a10 = f32x4.splat(0), a11 = f32x4.splat(0), a20 = f32x4.splat(0), a21 = f32x4.splat(0);
  let a30 = f32x4.splat(0), a31 = f32x4.splat(0);
  if (cb > 1) { a10 = v128.load(d0 + rowBytes); a11 = v128.load(d0 + rowBytes, 16); }
  if (cb > 2) { a20 = v128.load(d0 + 2 * rowBytes); a21 = v128.load(d0 + 2 * rowBytes, 16); }
  if (cb > 3) { a30 = v128.load(d0 + 3 * rowBytes); a31 = v128.load(d0 + 3 * rowBytes, 16); }
  const xStep = <usize>(sw * cin) << 2;
  const dyStep = <usize>cout << 2;
  const xRowStep = <usize>(sh * w * cin) << 2;
  const dyRowStep = <usize>(wo * cout) << 2;
  const count = owEnd - owStart;
  // Output rows whose tap row a lands inside x: 0 ≤ oh·sh + a − padTop < h.
  const ohStart = max(0, ceilDiv(padTop - a, sh));
  const ohEnd = min(ho, floorDiv(h - 1 + padTop - a, sh) + 1);
  let img = p0 / ho;
  for (let first = img * ho; first < p1; first += ho, img++) {
    const r0 = max(max(p0 - first, 0), ohStart);
    const r1 = min(ohEnd, p1 - first);
    if (r1 <= r0) continue;
    let xRow = x + <usize>((((img * h + r0 * sh + a - padTop) * w + owStart * sw + b - padLeft) * cin + ci) << 2);
    let dyRow = dy + <usize>((((first + r0) * wo + owStart) * cout + co) << 2);
    for (let r = r0; r < r1; r++) {
      let xp = xRow;
      let dp = dyRow;
      if (cb == 4) {
        for (let k = 0; k < count; k++) {
          const g0 = v128.load(dp);
          const g1 = v128.load(dp, 16);
          const x0 = v128.load32_splat(xp);
          const x1 = v128.load32_splat(xp, 4);
          const x2 = v128.load32_splat(xp, 8);
          const x3 = v128.load32_splat(xp, 12);
          a00 = madd(x0, g0, a00); a01 = madd(x0, g1, a01);
          a10 = madd(x1, g0, a10); a11 = madd(x1, g1, a11);
          a20 = madd(x2, g0, a20); a21 = madd(x2, g1, a21);
          a30 = madd(x3, g0, a30); a31 = madd(x3, g1, a31);
          xp += xStep;
          dp += dyStep;
        }
      } else {
        for (let k = 0; k < count; k++) {
          const g0 = v128.load(dp);
          const g1 = v128.load(dp, 16);
          const x0 = v128.load32_splat(xp);
          a00 = madd(x0, g0, a00); a01 = madd(x0, g1, a01);
          if (cb > 1) {
            const x1 = v128.load32_splat(xp, 4);
            a10 = madd(x1, g0, a10); a11 = madd(x1, g1, a11);
          }
          if (cb > 2) {
            const x2 = v128.load32_splat(xp, 8);
            a20 = madd(x2, g0, a20); a21 = madd(x2, g1, a21);
          }
          xp += xStep;
          dp += dyStep;
        }
      }
      xRow += xRowStep;
      dyRow += dyRowStep;
    }
  }
  v128.store(d0, a00); v128.store(d0, a01, 16);
  if (cb > 1) { v128.store(d0 + rowBytes, a10); v128.store(d0 + rowBytes, a11, 16); }
  if (cb > 2) { v128.store(d0 + 2 * rowBytes, a20); v128.store(d0 + 2 * rowBytes, a21, 16); }
  if (cb > 3) { v128.store(d0 + 3 * rowBytes, a30); v128.store(d0 + 3 * rowBytes, a31, 16); }
}

/** dw[tap, ci..ci+cb, co] += Σ over the tile (one output channel: the tail when cout is not a multiple of 8). */
function tile1(
  x: usize, dy: usize, tapBase: usize, p0: i32, p1: i32, ho: i32, h: i32, w: i32, cin: i32, wo: i32, cout: i32,
  a: i32, b: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32, owStart: i32, owEnd: i32, ci: i32, cb: i32, co: i32,
): void {
  const xStep = <usize>(sw * cin) << 2;
  const dyStep = <usize>cout << 2;
  for (let c = 0; c < cb; c++) {
    const dst = tapBase + (<usize>((ci + c) * cout + co) << 2);
    let acc = load<f32>(dst);
    let img = p0 / ho;
    let oh = p0 - img * ho;
    for (let p = p0; p < p1; p++, oh++) {
      if (oh == ho) { oh = 0; img++; }
      const start = rowStart(img, oh, h, w, cin, a, b, sh, sw, padTop, padLeft, owStart, ci + c);
      if (start < 0) continue;
      let xp = x + <usize>start;
      let dp = dy + (<usize>((p * wo + owStart) * cout + co) << 2);
      for (let k = owStart; k < owEnd; k++) {
        acc += load<f32>(xp) * load<f32>(dp);
        xp += xStep;
        dp += dyStep;
      }
    }
    store<f32>(dst, acc);
  }
}
