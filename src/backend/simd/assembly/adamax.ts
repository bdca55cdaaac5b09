// The Adamax update (see ../../fused-adamax.ts for the arithmetic it must reproduce): one weight tensor on the
// backend's heap (adamaxUpdate), and the 4-weight and 1-weight steps that shard-mean.ts also applies.

/**
 * Adamax on the 4 weights at byte offset o, in float32 and in the order tf.AdamaxOptimizer applies its ops:
 * m = m·β1 + g·(1 − β1); u = max(u·β2, |g|); wNew = step·(m / (u + ε)) + w. m and u in place; wNew may be w.
 */
// @ts-ignore: decorator
@inline export function adamax4(
  g: v128, w: usize, m: usize, u: usize, wNew: usize, o: usize, b1: v128, c1: v128, b2: v128, eps: v128, st: v128,
): void {
  const mj = f32x4.add(f32x4.mul(v128.load(m + o), b1), f32x4.mul(g, c1));
  const ut0 = f32x4.mul(v128.load(u + o), b2);
  const ut1 = f32x4.abs(g);
  const uj = v128.bitselect(ut0, ut1, f32x4.gt(ut0, ut1));
  v128.store(m + o, mj);
  v128.store(u + o, uj);
  v128.store(wNew + o, f32x4.add(f32x4.mul(st, f32x4.div(mj, f32x4.add(uj, eps))), v128.load(w + o)));
}

/** adamax4 for the one weight at byte offset o (the same float32 operations). */
// @ts-ignore: decorator
@inline export function adamax1(
  g: f32, w: usize, m: usize, u: usize, wNew: usize, o: usize, beta1: f32, oneMinusBeta1: f32, beta2: f32, epsilon: f32, step: f32,
): void {
  const mj = load<f32>(m + o) * beta1 + g * oneMinusBeta1;
  const ut0 = load<f32>(u + o) * beta2;
  const ut1 = abs<f32>(g);
  const uj = ut0 > ut1 ? ut0 : ut1;
  store<f32>(m + o, mj);
  store<f32>(u + o, uj);
  store<f32>(wNew + o, step * (mj / (uj + epsilon)) + load<f32>(w + o));
}

/** Adamax on the weights [0, count) of one tensor: m and u updated in place, the new weights go to wNew (a fresh buffer). */
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
    adamax4(v128.load(g + o), w, m, u, wNew, o, b1, c1, b2, eps, st);
  }
  for (let j = groups; j < count; j++) {
    const o = <usize>j << 2;
    adamax1(load<f32>(g + o), w, m, u, wNew, o, beta1, oneMinusBeta1, beta2, epsilon, step);
  }
}
