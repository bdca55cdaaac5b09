// Size-weighted mean of the data-parallel shards' gradients (see ../../data-parallel/shard-mean.ts).

/**
 * mean[i] = Σₖ scales[k] · slots[k·total + i] for i in [from, to), term by term in shard order, each product
 * rounded before it is added (never fused, in both builds): the bits of tf.mul of the first shard then tf.add
 * of each next tf.mul, whichever thread computes which range.
 */
export function shardMean(slots: usize, total: i32, shards: i32, scales: usize, mean: usize, from: i32, to: i32): void {
  const shardBytes = <usize>total << 2;
  const s0 = load<f32>(scales);
  const v0 = f32x4.splat(s0);
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const o = <usize>i << 2;
    let acc = f32x4.mul(v128.load(slots + o), v0);
    for (let k = 1; k < shards; k++) {
      acc = f32x4.add(acc, f32x4.mul(v128.load(slots + <usize>k * shardBytes + o), f32x4.splat(load<f32>(scales + (<usize>k << 2)))));
    }
    v128.store(mean + o, acc);
  }
  for (; i < to; i++) {
    const o = <usize>i << 2;
    let acc = load<f32>(slots + o) * s0;
    for (let k = 1; k < shards; k++) acc = acc + load<f32>(slots + <usize>k * shardBytes + o) * load<f32>(scales + (<usize>k << 2));
    store<f32>(mean + o, acc);
  }
}
