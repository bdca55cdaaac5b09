/**
 * threadPlan: how the training threads are shared out between shards of the batch and XNNPACK threads.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shardsFor, threadPlan } from '../src/backend/thread-plan';

/** threadPlan(threads) with AE_SHARDS and AE_WASM_BUILD set as given (unset when undefined), restored afterwards. */
function planWith(env: { AE_SHARDS?: string; AE_WASM_BUILD?: string }, threads: number): ReturnType<typeof threadPlan> {
  const saved = { AE_SHARDS: process.env.AE_SHARDS, AE_WASM_BUILD: process.env.AE_WASM_BUILD };
  for (const key of ['AE_SHARDS', 'AE_WASM_BUILD'] as const) {
    if (env[key] === undefined) delete process.env[key];
    else process.env[key] = env[key];
  }
  try {
    return threadPlan(threads);
  } finally {
    for (const key of ['AE_SHARDS', 'AE_WASM_BUILD'] as const) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}

test('by default each of up to 7 threads trains its own shard on one XNNPACK thread; from 8 on, shards of 4 XNNPACK threads', () => {
  assert.deepEqual(planWith({}, 1), { shards: 1, threadsPerShard: 1 });
  assert.deepEqual(planWith({ AE_WASM_BUILD: 'simd' }, 2), { shards: 2, threadsPerShard: 1 });
  assert.deepEqual(planWith({}, 7), { shards: 7, threadsPerShard: 1 });
  assert.deepEqual(planWith({}, 8), { shards: 2, threadsPerShard: 4 });
  assert.deepEqual(planWith({}, 10), { shards: 2, threadsPerShard: 5 });
  assert.deepEqual(planWith({}, 16), { shards: 4, threadsPerShard: 4 });
});

test('AE_WASM_BUILD=threaded gives the fewest shards of at most 8 XNNPACK threads (tfjs creates no more)', () => {
  assert.deepEqual(planWith({ AE_WASM_BUILD: 'threaded' }, 4), { shards: 1, threadsPerShard: 4 });
  assert.deepEqual(planWith({ AE_WASM_BUILD: 'threaded' }, 12), { shards: 2, threadsPerShard: 6 });
  assert.deepEqual(planWith({ AE_WASM_BUILD: 'threaded' }, 16), { shards: 2, threadsPerShard: 8 });
});

test('shardsFor follows the plan the backend was started with, else splits the threads by its XNNPACK threads', () => {
  const saved = process.env.AE_SHARDS;
  process.env.AE_SHARDS = '3';
  try {
    assert.equal(shardsFor(8, 2), 3);
    assert.equal(shardsFor(8, 1), 8);
    assert.equal(shardsFor(8, 4), 2);
  } finally {
    if (saved === undefined) delete process.env.AE_SHARDS;
    else process.env.AE_SHARDS = saved;
  }
});

test('AE_SHARDS=n splits the threads into n shards of threads / n XNNPACK threads; a bad value says what is accepted', () => {
  assert.deepEqual(planWith({ AE_SHARDS: '4' }, 16), { shards: 4, threadsPerShard: 4 });
  assert.deepEqual(planWith({ AE_SHARDS: '2', AE_WASM_BUILD: 'threaded' }, 8), { shards: 2, threadsPerShard: 4 });
  assert.deepEqual(planWith({ AE_SHARDS: '3' }, 8), { shards: 3, threadsPerShard: 2 });
  assert.deepEqual(planWith({ AE_SHARDS: ' ' }, 2), { shards: 2, threadsPerShard: 1 });
  for (const bad of ['0', '5', '1.5', 'deux']) {
    assert.throws(() => planWith({ AE_SHARDS: bad }, 4), new RegExp(`AE_SHARDS='${bad}' doit être un nombre entier de parts de lot entre 1 et 4`));
  }
});
