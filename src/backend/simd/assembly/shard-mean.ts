// Size-weighted mean of the data-parallel shards' gradients, alone or followed by the Adamax update
// (see ../../data-parallel/shared-update.ts).
import { adamax1, adamax4 } from './adamax';

/**
 * Σₖ scales[k] · slots[k·total + ·] on the 4 floats at byte offset o, term by term in shard order, each product
 * rounded before it is added (never fused, in both builds): the bits of tf.mul of the first shard then tf.add of
 * each next tf.mul.
 */
// @ts-ignore: decorator
@inline function mean4(slots: usize, shardBytes: usize, shards: i32, scales: usize, o: usize): v128 {
  let acc = f32x4.mul(v128.load(slots + o), f32x4.splat(load<f32>(scales)));
  for (let k = 1; k < shards; k++) {
    acc = f32x4.add(acc, f32x4.mul(v128.load(slots + <usize>k * shardBytes + o), f32x4.splat(load<f32>(scales + (<usize>k << 2)))));
  }
  return acc;
}

/** mean4 for the one float at byte offset o (the same float32 operations). */
// @ts-ignore: decorator
@inline function mean1(slots: usize, shardBytes: usize, shards: i32, scales: usize, o: usize): f32 {
  let acc = load<f32>(slots + o) * load<f32>(scales);
  for (let k = 1; k < shards; k++) acc = acc + load<f32>(slots + <usize>k * shardBytes + o) * load<f32>(scales + (<usize>k << 2));
  return acc;
}

/** mean[i] = Σₖ scales[k] · slots[k·total + i] for i in [from, to) (see mean4): the same bits whichever thread computes which range. */
export function shardMean(slots: usize, total: i32, shards: i32, scales: usize, mean: usize, from: i32, to: i32): void {
  const shardBytes = <usize>total << 2;
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const o = <usize>i << 2;
    v128.store(mean + o, mean4(slots, shardBytes, shards, scales, o));
  }
  for (; i < to; i++) {
    const o = <usize>i << 2;
    store<f32>(mean + o, mean1(slots, shardBytes, shards, scales, o));
  }
}

/**
 * For the weights i in [from, to): the mean gradient g (as shardMean), then the Adamax step of adamaxUpdate on
 * w[i], m[i], u[i], in place: the bits of shardMean followed by adamaxUpdate, whichever thread takes which range.
 */
export function shardMeanAdamax(
  slots: usize, total: i32, shards: i32, scales: usize, w: usize, m: usize, u: usize, from: i32, to: i32,
  beta1: f32, oneMinusBeta1: f32, beta2: f32, epsilon: f32, step: f32,
): void {
  const shardBytes = <usize>total << 2;
  const b1 = f32x4.splat(beta1);
  const c1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const eps = f32x4.splat(epsilon);
  const st = f32x4.splat(step);
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const o = <usize>i << 2;
    adamax4(mean4(slots, shardBytes, shards, scales, o), w, m, u, w, o, b1, c1, b2, eps, st);
  }
  for (; i < to; i++) {
    const o = <usize>i << 2;
    adamax1(mean1(slots, shardBytes, shards, scales, o), w, m, u, w, o, beta1, oneMinusBeta1, beta2, epsilon, step);
  }
}
