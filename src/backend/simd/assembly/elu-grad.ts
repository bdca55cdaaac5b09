// Gradient of ELU (alpha 1) from its output, as tfjs-backend-wasm's EluGrad computes it, in SIMD.

/**
 * out[i] = dy[i] where y[i] ≥ 0, else dy[i] · (y[i] + 1) computed in double and rounded once to float32 (tfjs's
 * C++ kernel adds the double 1.0), for i in the blocks [from, to) of `block` values (the work items: threads take
 * disjoint ranges); count is the number of values.
 */
export function eluGradItems(y: usize, dy: usize, out: usize, count: i32, block: i32, from: i32, to: i32): void {
  const end = min(count, to * block);
  const one = f64x2.splat(1.0);
  const zero = f32x4.splat(0);
  let i = from * block;
  for (; i + 4 <= end; i += 4) {
    const off = <usize>i << 2;
    const yv = v128.load(y + off);
    const g = v128.load(dy + off);
    const yHigh = v128.shuffle<i32>(yv, yv, 2, 3, 0, 1);
    const gHigh = v128.shuffle<i32>(g, g, 2, 3, 0, 1);
    const low = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(g), f64x2.add(f64x2.promote_low_f32x4(yv), one)));
    const high = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(gHigh), f64x2.add(f64x2.promote_low_f32x4(yHigh), one)));
    const negative = v128.shuffle<i32>(low, high, 0, 1, 4, 5);
    v128.store(out + off, v128.bitselect(g, negative, f32x4.ge(yv, zero)));
  }
  for (; i < end; i++) {
    const off = <usize>i << 2;
    const yi = load<f32>(y + off);
    const gi = load<f32>(dy + off);
    store<f32>(out + off, yi >= 0 ? gi : <f32>(<f64>gi * (<f64>yi + 1.0)));
  }
}
