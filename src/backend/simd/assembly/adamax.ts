// One-pass Adamax update of one weight tensor (see ../../fused-adamax.ts for the arithmetic it must reproduce).

/**
 * For j < count, in float32 and in the order tf.AdamaxOptimizer applies its ops:
 * m = m·β1 + g·(1 − β1); u = max(u·β2, |g|); wNew = step·(m / (u + ε)) + w.
 * m and u are updated in place; the new weights go to wNew (a fresh buffer).
 */
export function adamaxUpdate(
  w: usize, g: usize, m: usize, u: usize, wNew: usize, count: i32,
  beta1: f32, oneMinusBeta1: f32, beta2: f32, epsilon: f32, step: f32,
): void {
  const b1 = f32x4.splat(beta1);
  const c1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const eps = f32x4.splat(epsilon);
  const st = f32x4.splat(step);
  const groups = count & ~3;
  for (let j = 0; j < groups; j += 4) {
    const o = <usize>j << 2;
    const gj = v128.load(g + o);
    const mj = f32x4.add(f32x4.mul(v128.load(m + o), b1), f32x4.mul(gj, c1));
    const ut0 = f32x4.mul(v128.load(u + o), b2);
    const ut1 = f32x4.abs(gj);
    const uj = v128.bitselect(ut0, ut1, f32x4.gt(ut0, ut1));
    v128.store(m + o, mj);
    v128.store(u + o, uj);
    v128.store(wNew + o, f32x4.add(f32x4.mul(st, f32x4.div(mj, f32x4.add(uj, eps))), v128.load(w + o)));
  }
  for (let j = groups; j < count; j++) {
    const o = <usize>j << 2;
    const gj = load<f32>(g + o);
    const mj = load<f32>(m + o) * beta1 + gj * oneMinusBeta1;
    const ut0 = load<f32>(u + o) * beta2;
    const ut1 = abs<f32>(gj);
    const uj = ut0 > ut1 ? ut0 : ut1;
    store<f32>(m + o, mj);
    store<f32>(u + o, uj);
    store<f32>(wNew + o, step * (mj / (uj + epsilon)) + load<f32>(w + o));
  }
}
