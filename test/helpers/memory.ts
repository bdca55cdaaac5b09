/** Test helper: asserts that TensorFlow.js's live tensor count stays flat across a call. */
import assert from 'node:assert/strict';
import { tf } from '../../src/tf';

/** Number of live tensors (variables included). */
export function tensorCount(): number {
  return tf.memory().numTensors;
}

/**
 * Runs `fn` once as a warm-up (optimizers allocate their state on first use) unless `warmUp` is false,
 * then runs it again and asserts the tensor count grew by exactly `expectedNew` (tensors the call returns).
 * Returns the measured call's result.
 */
export async function assertTensorCountFlat<T>(
  fn: () => T | Promise<T>,
  options: { warmUp?: boolean; expectedNew?: number; label?: string } = {},
): Promise<T> {
  if (options.warmUp !== false) await fn();
  const before = tensorCount();
  const result = await fn();
  const after = tensorCount();
  assert.equal(
    after - before,
    options.expectedNew ?? 0,
    `${options.label ?? 'call'} changed the tensor count from ${before} to ${after}`,
  );
  return result;
}

/** Asserts every count in `counts` is the same (e.g. numTensors recorded at the end of each epoch). */
export function assertFlat(counts: number[], label = 'tensor count'): void {
  assert.ok(counts.length > 0, `${label}: nothing was recorded`);
  assert.deepEqual(counts, counts.map(() => counts[0]), `${label} is not flat: ${counts.join(', ')}`);
}
