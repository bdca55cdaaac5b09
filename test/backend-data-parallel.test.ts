/**
 * DataParallelTrainer: batches split over worker threads give the whole batch's gradient step.
 */
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { tf, initBackend, DataParallelTrainer, shardSizes } from '../src/internal';
import { rangeOf, SharedUpdate } from '../src/backend/data-parallel/shared-update';
import { registerFusedAdamax, unregisterFusedAdamax } from '../src/backend/fused-adamax';
import { CheckpointableAdamax } from '../src/models/adamax';
import { compareArrays, seededValues } from './helpers/backend-compare';
import { testEachSimdBuild } from './helpers/simd-builds';

/** A tiny conv autoencoder compiled with Adamax (or `optimizer`), with deterministic weights. */
function tinyAutoencoder(optimizer: tf.Optimizer = tf.train.adamax(0.01)): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 8, kernelSize: 3, padding: 'same', activation: 'elu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2, padding: 'same' }),
    ],
  });
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(seededValues(w.size, 20 + i), w.shape)));
  model.compile({ optimizer, loss: 'meanSquaredError' });
  return model;
}

test('shardSizes(n, parts) splits a batch into nearly equal contiguous shards', () => {
  assert.deepEqual(shardSizes(32, 2), [16, 16]);
  assert.deepEqual(shardSizes(7, 3), [2, 2, 3]);
  assert.deepEqual(shardSizes(1, 2), [1]);
});

test('DataParallelTrainer with 2 threads follows the same training as 1 thread, and leaks no tensors', async () => {
  await initBackend({ backend: 'wasm' });
  const images = tf.tidy(() => tf.add(tf.tensor4d(seededValues(6 * 8 * 8 * 3, 9), [6, 8, 8, 3]), 0.5));
  const runs: { losses: number[]; weights: Float32Array[]; threads: number }[] = [];
  for (const threads of [1, 2]) {
    const model = tinyAutoencoder();
    const trainer = await DataParallelTrainer.create(model, { threads, maxBatchSize: 6 });
    const losses = [await trainer.trainBatch(images)];
    const before = tf.memory().numTensors;
    for (let i = 0; i < 4; i++) losses.push(await trainer.trainBatch(images));
    assert.equal(tf.memory().numTensors, before, `no tensor leak with ${threads} thread(s)`);
    runs.push({ losses, weights: model.getWeights().map((w) => w.dataSync().slice() as Float32Array), threads: trainer.threads });
    await trainer.dispose();
    model.dispose();
  }
  assert.equal(runs[1].threads, 2);
  runs[0].losses.forEach((l, i) => assert.ok(Math.abs(l - runs[1].losses[i]) <= 1e-5 * l, `step ${i}: ${l} vs ${runs[1].losses[i]}`));
  assert.ok(runs[1].losses[4] < runs[1].losses[0], 'the loss goes down');
  const failures = runs[0].weights.map((w, i) => compareArrays(`weight ${i}`, w, runs[1].weights[i], 1e-5));
  assert.deepEqual(failures.filter(Boolean), []);
  images.dispose();
});

testEachSimdBuild('the SIMD mean of the shards gives the bits of tf.mul then tf.add shard after shard, whichever ranges the threads take', async () => {
  await initBackend({ backend: 'wasm' });
  const total = 1001;
  const sizes = [3, 2, 2];
  const scales = sizes.map((s) => s / 7);
  const shared = SharedUpdate.allocate(total, sizes.length);
  const slots = shared.slots;
  sizes.forEach((_, k) => slots.set(seededValues(total, 40 + k).map((v) => v * 10 ** (k - 1)), k * total));
  shared.startStep(scales);
  const expected = tf.tidy(() => {
    const shard = (k: number) => tf.tensor1d(slots.subarray(k * total, (k + 1) * total));
    let sum = tf.mul(shard(0), scales[0]);
    for (let k = 1; k < sizes.length; k++) sum = tf.add(sum, tf.mul(shard(k), scales[k]));
    return sum.dataSync() as Float32Array;
  });
  // 1 range, then ranges that start and end off the 4-value SIMD groups.
  for (const parts of [1, 2, 5]) {
    shared.mean.fill(NaN);
    for (let k = 0; k < parts; k++) {
      const { from, to } = rangeOf(total, parts, k);
      shared.averageRange(from, to);
    }
    assert.deepEqual(Array.from(shared.mean), Array.from(expected), `${parts} range(s)`);
  }
  assert.deepEqual([0, 1, 2].map((k) => rangeOf(10, 3, k)), [{ from: 0, to: 3 }, { from: 3, to: 6 }, { from: 6, to: 10 }]);
});

test('DataParallelTrainer on 3 threads gives the same bits twice, uneven shards included, close to 1 thread', async () => {
  await initBackend({ backend: 'wasm' });
  const images = tf.tidy(() => tf.add(tf.tensor4d(seededValues(7 * 8 * 8 * 3, 11), [7, 8, 8, 3]), 0.5));
  const runs: { losses: number[]; weights: Float32Array[] }[] = [];
  for (const threads of [3, 3, 1]) {
    const model = tinyAutoencoder();
    const trainer = await DataParallelTrainer.create(model, { threads, maxBatchSize: 7 });
    const losses: number[] = [];
    for (let i = 0; i < 3; i++) losses.push(await trainer.trainBatch(images));
    runs.push({ losses, weights: model.getWeights().map((w) => w.dataSync().slice() as Float32Array) });
    await trainer.dispose();
    model.dispose();
  }
  assert.deepEqual(runs[1].losses, runs[0].losses);
  runs[0].weights.forEach((w, i) => assert.deepEqual(Array.from(runs[1].weights[i]), Array.from(w), `weight ${i}`));
  const failures = runs[2].weights.map((w, i) => compareArrays(`weight ${i}`, w, runs[0].weights[i], 1e-5));
  assert.deepEqual(failures.filter(Boolean), []);
  images.dispose();
});

test('a batch smaller than the thread count (an epoch\'s last) updates from the shards that had examples only, as 1 thread does', async () => {
  await initBackend({ backend: 'wasm' });
  const batch = (n: number, seed: number) => tf.tidy(() => tf.add(tf.tensor4d(seededValues(n * 8 * 8 * 3, seed), [n, 8, 8, 3]), 0.5));
  const batches = [batch(7, 12), batch(1, 13), batch(7, 14), batch(2, 15)];
  const runs: Float32Array[][] = [];
  for (const threads of [3, 1]) {
    const model = tinyAutoencoder();
    const trainer = await DataParallelTrainer.create(model, { threads, maxBatchSize: 7 });
    for (const images of batches) await trainer.trainBatch(images);
    runs.push(model.getWeights().map((w) => w.dataSync().slice() as Float32Array));
    await trainer.dispose();
    model.dispose();
  }
  const failures = runs[0].map((w, i) => compareArrays(`weight ${i}`, w, runs[1][i], 1e-5));
  assert.deepEqual(failures.filter(Boolean), []);
  tf.dispose(batches);
});

test('a step that fails on the main thread changes nothing, and the next step is the one a fresh trainer takes', async () => {
  await initBackend({ backend: 'wasm' });
  const first = tf.tidy(() => tf.add(tf.tensor4d(seededValues(6 * 8 * 8 * 3, 16), [6, 8, 8, 3]), 0.5));
  const second = tf.tidy(() => tf.add(tf.tensor4d(seededValues(6 * 8 * 8 * 3, 17), [6, 8, 8, 3]), 0.5));
  const runs: Float32Array[][] = [];
  for (const failFirst of [true, false]) {
    const model = tinyAutoencoder();
    const trainer = await DataParallelTrainer.create(model, { threads: 2, maxBatchSize: 6 });
    if (failFirst) {
      const apply = model.apply.bind(model);
      model.apply = () => { throw new Error('panne simulée'); };
      await assert.rejects(trainer.trainBatch(first), /panne simulée/);
      model.apply = apply;
    }
    await trainer.trainBatch(second);
    runs.push(model.getWeights().map((w) => w.dataSync().slice() as Float32Array));
    await trainer.dispose();
    model.dispose();
  }
  runs[0].forEach((w, i) => assert.deepEqual(Array.from(w), Array.from(runs[1][i]), `weight ${i}`));
  tf.dispose([first, second]);
});

test('a stopped worker thread makes every later step fail at once with its message, the other workers\' replies taken', { timeout: 60_000 }, async () => {
  await initBackend({ backend: 'wasm' });
  const images = tf.tidy(() => tf.add(tf.tensor4d(seededValues(6 * 8 * 8 * 3, 18), [6, 8, 8, 3]), 0.5));
  const model = tinyAutoencoder();
  const trainer = await DataParallelTrainer.create(model, { threads: 3, maxBatchSize: 6 });
  await trainer.trainBatch(images);
  const workers = (trainer as unknown as { workers: { worker: { terminate(): Promise<number> }; pending: unknown }[] }).workers;
  // The step returns before the workers' replies come in: the thread stops once they have, between two steps.
  while (workers.some((w) => w.pending !== null)) await new Promise((resolve) => setImmediate(resolve));
  await workers[1].worker.terminate();
  for (let attempt = 0; attempt < 2; attempt++) {
    await assert.rejects(trainer.trainBatch(images), /Un fil d'entraînement parallèle s'est arrêté \(code 1\) : relancez la cellule, ou entraînez sur un seul fil avec AE_THREADS=1\./);
    assert.equal(workers[0].pending, null, 'the live worker has replied');
  }
  await trainer.dispose();
  model.dispose();
  images.dispose();
});

test('DataParallelTrainer rejects a batch larger than maxBatchSize with an error saying what to do', async () => {
  await initBackend({ backend: 'wasm' });
  const model = tinyAutoencoder();
  const trainer = await DataParallelTrainer.create(model, { threads: 2, maxBatchSize: 4 });
  const images = tf.zeros([10, 8, 8, 3]);
  await assert.rejects(trainer.trainBatch(images), /internal error: DataParallelTrainer: batch of \d+ is larger than maxBatchSize allows/);
  await trainer.dispose();
  images.dispose();
  model.dispose();
});

test('DataParallelTrainer refuses several threads for a model with non-trainable weights (it could not keep them in step)', async () => {
  await initBackend({ backend: 'wasm' });
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 3, kernelSize: 3, padding: 'same' }),
      tf.layers.batchNormalization(),
    ],
  });
  model.compile({ optimizer: tf.train.adamax(0.01), loss: 'meanSquaredError' });
  await assert.rejects(DataParallelTrainer.create(model, { threads: 2 }), /internal error: DataParallelTrainer: the model has \d+ non-trainable weights.*threads: 1/);
  const single = await DataParallelTrainer.create(model, { threads: 1 });
  assert.equal(single.threads, 1);
  await single.dispose();
  model.dispose();
});

test('DataParallelTrainer.trainBatch refuses a second step while one is running', async () => {
  await initBackend({ backend: 'wasm' });
  const model = tinyAutoencoder();
  const trainer = await DataParallelTrainer.create(model, { threads: 2, maxBatchSize: 4 });
  const images = tf.zeros([4, 8, 8, 3]);
  const first = trainer.trainBatch(images);
  await assert.rejects(trainer.trainBatch(images), /internal error: DataParallelTrainer\.trainBatch called while a step is running/);
  await first;
  await trainer.dispose();
  images.dispose();
  model.dispose();
});

test('with Adamax every thread updates its range of the weights: the bits of the mean then Adamax on the main thread, state written back', async () => {
  await initBackend({ backend: 'wasm' });
  const images = tf.tidy(() => tf.add(tf.tensor4d(seededValues(7 * 8 * 8 * 3, 12), [7, 8, 8, 3]), 0.5));
  const adamaxRange = mock.method(SharedUpdate.prototype, 'adamaxRange');
  type Run = { losses: number[]; weights: number[][]; state: number[][]; splitUpdates: number };
  const train = async (threads: number, splitOverThreads: boolean): Promise<Run> => {
    // Without the one-pass Adamax the main thread's optimizer (tfjs's own Adamax) applies the mean.
    if (!splitOverThreads) unregisterFusedAdamax();
    const optimizer = new CheckpointableAdamax(0.01);
    const model = tinyAutoencoder(optimizer);
    adamaxRange.mock.resetCalls();
    try {
      const trainer = await DataParallelTrainer.create(model, { threads, maxBatchSize: 7 });
      const losses: number[] = [];
      // Two calls, as trainAutoencoder makes one trainer per call: the second resumes from the written-back state.
      for (let i = 0; i < 2; i++) losses.push(await trainer.trainBatch(images));
      await trainer.dispose();
      const again = await DataParallelTrainer.create(model, { threads, maxBatchSize: 7 });
      for (let i = 0; i < 2; i++) losses.push(await again.trainBatch(images));
      await again.dispose();
      const named = await optimizer.getWeights();
      const state = named.map((w) => Array.from(w.tensor.dataSync()));
      tf.dispose(named.map((w) => w.tensor));
      const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
      return { losses, weights, state, splitUpdates: adamaxRange.mock.callCount() };
    } finally {
      registerFusedAdamax();
      model.dispose();
    }
  };
  try {
    for (const threads of [2, 3]) {
      const split = await train(threads, true);
      const mainThread = await train(threads, false);
      assert.equal(split.splitUpdates, 4, `${threads} threads: the main thread's range of each of the 4 steps`);
      assert.equal(mainThread.splitUpdates, 0);
      assert.deepEqual(split.losses, mainThread.losses, `${threads} threads: losses`);
      assert.deepEqual(split.weights, mainThread.weights, `${threads} threads: weights`);
      assert.equal(split.state.length, 3 + 2 * split.weights.length, 'saved iterations, step count, β1 power and both moments of every weight');
      assert.deepEqual(split.state, mainThread.state, `${threads} threads: the optimizer's state once written back`);
    }
  } finally {
    adamaxRange.mock.restore();
    images.dispose();
  }
});
