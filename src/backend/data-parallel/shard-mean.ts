/**
 * The size-weighted mean of the shards' gradients, over one range of the weights: each thread of the
 * data-parallel trainer computes its own range, so the mean is split over all threads.
 */

/**
 * Writes into `mean[from..to)` Σₖ scales[k] · slots[k·total + i] in float32, term by term in shard order:
 * the same bits as tf.mul of the first shard then tf.add of each next tf.mul, whichever thread runs it.
 */
export function meanOfShards(slots: Float32Array, total: number, scales: readonly number[], mean: Float32Array, from: number, to: number): void {
  const first = Math.fround(scales[0]);
  for (let i = from; i < to; i++) mean[i] = slots[i] * first;
  for (let k = 1; k < scales.length; k++) {
    const base = k * total;
    const c = Math.fround(scales[k]);
    // Storing into a Float32Array rounds the double sum of two float32 values once: the float32 sum.
    for (let i = from; i < to; i++) mean[i] = mean[i] + Math.fround(slots[base + i] * c);
  }
}

/** The k-th of `parts` contiguous ranges of [0, total), as equal as possible. */
export function rangeOf(total: number, parts: number, k: number): { from: number; to: number } {
  return { from: Math.floor((total * k) / parts), to: Math.floor((total * (k + 1)) / parts) };
}
