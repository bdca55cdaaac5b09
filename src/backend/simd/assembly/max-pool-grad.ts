// Gradient of 2×2 max pooling with stride 2 and no padding (NHWC), branch-free.

/**
 * dx [n, h, w, c] from x and dy [n, outH, outW, c], for the images b of [b0, b1) (the work items: threads take
 * disjoint ranges): each dy value goes to the first maximum of its window (row-major order, as on the cpu
 * backend), the three other cells get 0. Cells of dx outside every window (odd h or w) are not written: the
 * caller zeroes them.
 */
export function maxPool2x2GradItems(x: usize, dy: usize, dx: usize, n: i32, h: i32, w: i32, c: i32, outH: i32, outW: i32, b0: i32, b1: i32): void {
  const rowBytes = <usize>(w * c) << 2;
  const cellBytes = <usize>c << 2;
  const groups = c & ~3;
  const zero = f32x4.splat(0);
  let g = dy + (<usize>(b0 * outH * outW * c) << 2);
  for (let b = b0; b < b1; b++) {
    for (let oh = 0; oh < outH; oh++) {
      const rowOffset = <usize>((b * h + 2 * oh) * w * c) << 2;
      for (let ow = 0; ow < outW; ow++) {
        const o = rowOffset + (<usize>(2 * ow * c) << 2);
        for (let k = 0; k < groups; k += 4, g += 16) {
          const p = o + (<usize>k << 2);
          const v00 = v128.load(x + p);
          const v01 = v128.load(x + p + cellBytes);
          const v10 = v128.load(x + p + rowBytes);
          const v11 = v128.load(x + p + rowBytes + cellBytes);
          const m = f32x4.max(f32x4.max(v00, v01), f32x4.max(v10, v11));
          const e00 = f32x4.eq(v00, m);
          const e01 = v128.andnot(f32x4.eq(v01, m), e00);
          const taken = v128.or(e00, e01);
          const e10 = v128.andnot(f32x4.eq(v10, m), taken);
          const e11 = v128.not(v128.or(taken, e10));
          const gv = v128.load(g);
          v128.store(dx + p, v128.bitselect(gv, zero, e00));
          v128.store(dx + p + cellBytes, v128.bitselect(gv, zero, e01));
          v128.store(dx + p + rowBytes, v128.bitselect(gv, zero, e10));
          v128.store(dx + p + rowBytes + cellBytes, v128.bitselect(gv, zero, e11));
        }
        for (let k = groups; k < c; k++, g += 4) {
          const p = o + (<usize>k << 2);
          const v00 = load<f32>(x + p);
          const v01 = load<f32>(x + p + cellBytes);
          const v10 = load<f32>(x + p + rowBytes);
          const v11 = load<f32>(x + p + rowBytes + cellBytes);
          const gv = load<f32>(g);
          // Index of the first maximum, without branches (select compiles to a conditional move).
          let best = v00;
          let at: i32 = 0;
          at = select<i32>(1, at, v01 > best); best = max(best, v01);
          at = select<i32>(2, at, v10 > best); best = max(best, v10);
          at = select<i32>(3, at, v11 > best);
          store<f32>(dx + p, select<f32>(gv, 0, at == 0));
          store<f32>(dx + p + cellBytes, select<f32>(gv, 0, at == 1));
          store<f32>(dx + p + rowBytes, select<f32>(gv, 0, at == 2));
          store<f32>(dx + p + rowBytes + cellBytes, select<f32>(gv, 0, at == 3));
        }
      }
    }
  }
}
