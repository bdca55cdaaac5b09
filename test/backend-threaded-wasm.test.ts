/**
 * The threaded tfjs wasm build under Node (AE_WASM_BUILD=threaded): XNNPACK gets the threads asked for, our SIMD
 * kernels run on its shared memory, gradients and training match the cpu backend, the same seed gives the same
 * losses, the data-parallel trainer then leaves the splitting to XNNPACK, and AE_SHARDS combines both.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { tf, initBackend, DataParallelTrainer } from '../src/internal';
import { buildDeepAutoencoder } from '../src/models';
import { threadedWasmRegistered, xnnpackThreads } from '../src/backend/load-threaded-wasm';
import { compareArrays, onBackends, seededValues } from './helpers/backend-compare';

/** Runs `f` with AE_WASM_BUILD set to `value`, restoring it afterwards. */
async function withWasmBuild<T>(value: string, f: () => Promise<T>): Promise<T> {
  const saved = process.env.AE_WASM_BUILD;
  process.env.AE_WASM_BUILD = value;
  try {
    return await f();
  } finally {
    if (saved === undefined) delete process.env.AE_WASM_BUILD;
    else process.env.AE_WASM_BUILD = saved;
  }
}

after(async () => {
  // Back to tfjs's own single-threaded build, which also stops the pthread workers of the threaded one.
  await withWasmBuild('simd', () => initBackend({ backend: 'wasm', threads: 1 }));
});

test('AE_WASM_BUILD=threaded starts the threaded build with 2 XNNPACK threads on a shared memory; a bad value is refused', async () => {
  const info = await withWasmBuild('threaded', () => initBackend({ backend: 'wasm', threads: 2 }));
  assert.equal(info.name, 'wasm');
  assert.equal(info.fastConvGradients, true);
  assert.equal(threadedWasmRegistered(), true);
  const backend = tf.backend() as unknown as { wasm: { wasmMemory?: { buffer: unknown } } };
  assert.equal(xnnpackThreads(tf.backend() as never), 2);
  assert.ok(backend.wasm.wasmMemory?.buffer instanceof SharedArrayBuffer, 'the heap is a SharedArrayBuffer');
  await assert.rejects(withWasmBuild('pthreads', () => initBackend({ backend: 'wasm', threads: 2 })), /AE_WASM_BUILD='pthreads' n'est pas une version de wasm : utilisez 'simd' \(par défaut\) ou 'threaded'/);
});

test("the course's conv autoencoder: 3 steps on the threaded build give the cpu backend's losses and weights, twice the same", async () => {
  const steps = 3;
  const imageData = seededValues(2 * 16 * 16 * 3, 11);
  let initial: Float32Array[] = [];
  const train = (): { losses: number[]; weights: Float32Array[] } => {
    const ae = buildDeepAutoencoder([16, 16, 3], 8, { seed: 5 });
    const model = ae.autoencoder;
    if (initial.length === 0) initial = model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
    model.setWeights(model.getWeights().map((w, i) => tf.tensor(initial[i], w.shape)));
    const images = tf.tidy(() => tf.add(tf.tensor4d(imageData, [2, 16, 16, 3]), 0.5)) as tf.Tensor4D;
    const losses: number[] = [];
    for (let i = 0; i < steps; i++) {
      const loss = tf.tidy(() => model.optimizer.minimize(() => tf.losses.meanSquaredError(images, model.apply(images) as tf.Tensor) as tf.Scalar, true) as tf.Scalar);
      losses.push(loss.dataSync()[0]);
      loss.dispose();
    }
    const weights = model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
    images.dispose();
    model.dispose();
    return { losses, weights };
  };
  const cpu = (await onBackends(['cpu'], train)).cpu;
  const threaded = await withWasmBuild('threaded', async () => {
    await initBackend({ backend: 'wasm', threads: 2 });
    return [train(), train()];
  });
  assert.deepEqual(threaded[1].losses, threaded[0].losses, 'same start, same data: the same losses on the same thread count');
  cpu.losses.forEach((l, i) => assert.ok(Math.abs(l - threaded[0].losses[i]) <= 1e-5 * l, `step ${i}: cpu ${l} vs threaded ${threaded[0].losses[i]}`));
  const failures = cpu.weights.map((w, i) => compareArrays(`weight ${i}`, w, threaded[0].weights[i], 1e-5));
  assert.deepEqual(failures.filter(Boolean), []);
});

/** Conv2DBackpropFilter of seeded x and dy for each case, on the active backend. */
function filterGradients(cases: { x: number[]; dy: number[]; k: number[]; stride: number }[]): Float32Array[] {
  return cases.map((c, i) => tf.tidy(() => {
    const x = tf.tensor(seededValues(c.x.reduce((a, b) => a * b), 30 + i), c.x);
    const dy = tf.tensor(seededValues(c.dy.reduce((a, b) => a * b), 60 + i), c.dy);
    const attrs = { strides: c.stride, pad: 'same', dataFormat: 'NHWC', filterShape: c.k };
    return (tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as never) as tf.Tensor).dataSync() as Float32Array;
  }));
}

test('the filter gradient split over 2 threads gives the same bits as on the single-threaded build', async () => {
  // Work items are (tap, block of 4 input channels): 1×1 and 3×3 kernels, channel tails, fewer items than threads.
  const cases = [
    { x: [2, 9, 9, 6], dy: [2, 9, 9, 11], k: [3, 3, 6, 11], stride: 1 },
    { x: [3, 8, 8, 16], dy: [3, 4, 4, 32], k: [3, 3, 16, 32], stride: 2 },
    { x: [2, 5, 5, 3], dy: [2, 5, 5, 8], k: [1, 1, 3, 8], stride: 1 },
    { x: [1, 7, 6, 9], dy: [1, 7, 6, 5], k: [2, 3, 9, 5], stride: 1 },
  ];
  await withWasmBuild('simd', () => initBackend({ backend: 'wasm', threads: 1 }));
  const single = filterGradients(cases);
  await withWasmBuild('threaded', () => initBackend({ backend: 'wasm', threads: 2 }));
  const split = filterGradients(cases);
  cases.forEach((c, i) => assert.deepEqual(split[i], single[i], JSON.stringify(c)));
});

/** Forward convolution, col2im (the strided input gradient), 2×2 max-pool gradient and ELU gradient of seeded tensors, by kernel. */
function otherSplitKernels(): Float32Array[] {
  return tf.tidy(() => {
    const run = (name: string, inputs: Record<string, tf.Tensor>, attrs: object = {}) =>
      (tf.engine().runKernel(name, inputs as never, attrs as never) as tf.Tensor).dataSync() as Float32Array;
    const values = (shape: number[], seed: number) => tf.tensor(seededValues(shape.reduce((a, b) => a * b), seed), shape);
    const x = values([3, 8, 6, 5], 71);
    const pooled = tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid');
    const big = 3 * 16384 + 7;
    return [
      // 3 × 5 × 5 = 75 output pixels: 5 items of 16 pixels (the last one short) over 2 threads; 12 output channels.
      run('Conv2D', { x: values([3, 5, 5, 8], 77), filter: values([3, 3, 8, 12], 78) }, { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1 }),
      // 3 images over 2 threads: one thread gets 1 image, the other 2.
      run('Conv2DBackpropInput', { dy: values([3, 4, 3, 7], 72), filter: values([3, 3, 5, 7], 73) }, { strides: 2, pad: 'same', dataFormat: 'NHWC', inputShape: [3, 8, 6, 5] }),
      run('MaxPoolGrad', { dy: values(pooled.shape, 74), input: x, output: pooled }, { filterSize: 2, strides: 2, pad: 'valid' }),
      run('EluGrad', { dy: values([big], 75), y: tf.elu(values([big], 76)) }),
    ];
  });
}

test('the forward convolution, col2im, the max-pool gradient and the ELU gradient split over 2 threads give the same bits as on the single-threaded build', async () => {
  await withWasmBuild('simd', () => initBackend({ backend: 'wasm', threads: 1 }));
  const single = otherSplitKernels();
  await withWasmBuild('threaded', () => initBackend({ backend: 'wasm', threads: 2 }));
  const split = otherSplitKernels();
  ['forward convolution', 'col2im', 'max-pool gradient', 'ELU gradient'].forEach((name, i) => assert.deepEqual(split[i], single[i], name));
});

test('on the threaded build, DataParallelTrainer starts no worker thread (XNNPACK splits each operation instead)', async () => {
  await withWasmBuild('threaded', () => initBackend({ backend: 'wasm', threads: 2 }));
  const model = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 3, kernelSize: 3, padding: 'same' })] });
  model.compile({ optimizer: tf.train.adamax(0.01), loss: 'meanSquaredError' });
  const trainer = await DataParallelTrainer.create(model, { threads: 2, maxBatchSize: 4 });
  assert.equal(trainer.shards, 1);
  assert.equal(trainer.threads, 2);
  const images = tf.tidy(() => tf.add(tf.tensor4d(seededValues(4 * 8 * 8 * 3, 3), [4, 8, 8, 3]), 0.5));
  const first = await trainer.trainBatch(images);
  const second = await trainer.trainBatch(images);
  assert.ok(second < first, `the loss goes down: ${first} → ${second}`);
  await trainer.dispose();
  images.dispose();
  model.dispose();
});

test('AE_SHARDS=2 on 4 threads: 2 shards of 2 XNNPACK threads each, the same bits twice, close to 1 thread', async () => {
  const saved = process.env.AE_SHARDS;
  const imageData = seededValues(6 * 16 * 16 * 3, 13);
  const runs: { losses: number[]; weights: Float32Array[]; shards: number; threads: number }[] = [];
  let initial: Float32Array[] = [];
  try {
    for (const [shards, threads] of [[2, 4], [2, 4], [1, 1]]) {
      // Each initBackend may swap the wasm build, which disposes every tensor: build them after it.
      process.env.AE_SHARDS = String(shards);
      await withWasmBuild('simd', () => initBackend({ backend: 'wasm', threads }));
      assert.equal(xnnpackThreads(tf.backend() as never), threads / shards);
      const model = buildDeepAutoencoder([16, 16, 3], 8, { seed: 5 }).autoencoder;
      if (initial.length === 0) initial = model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
      model.setWeights(model.getWeights().map((w, i) => tf.tensor(initial[i], w.shape)));
      const images = tf.tidy(() => tf.add(tf.tensor4d(imageData, [6, 16, 16, 3]), 0.5));
      const trainer = await DataParallelTrainer.create(model, { threads, maxBatchSize: 6 });
      const losses: number[] = [];
      for (let i = 0; i < 3; i++) losses.push(await trainer.trainBatch(images));
      runs.push({ losses, weights: model.getWeights().map((w) => w.dataSync().slice() as Float32Array), shards: trainer.shards, threads: trainer.threads });
      await trainer.dispose();
      images.dispose();
      model.dispose();
    }
  } finally {
    if (saved === undefined) delete process.env.AE_SHARDS;
    else process.env.AE_SHARDS = saved;
  }
  assert.deepEqual(runs.map((r) => [r.shards, r.threads]), [[2, 4], [2, 4], [1, 1]]);
  assert.deepEqual(runs[1].losses, runs[0].losses);
  runs[0].weights.forEach((w, i) => assert.deepEqual(Array.from(runs[1].weights[i]), Array.from(w), `weight ${i}`));
  const failures = runs[2].weights.map((w, i) => compareArrays(`weight ${i}`, w, runs[0].weights[i], 1e-4));
  assert.deepEqual(failures.filter(Boolean), []);
});

test('a script that trains on the threaded build ends by itself (no pthread or kernel worker keeps Node alive)', () => {
  const src = JSON.stringify(path.resolve(__dirname, '..', 'src', 'index.ts'));
  const script = `
    const { tf, initBackend } = require(${src});
    (async () => {
      await initBackend({ backend: 'wasm', threads: 2 });
      const x = tf.ones([2, 6, 6, 3]);
      const w = tf.ones([3, 3, 3, 4]);
      const g = tf.grad((f) => tf.sum(tf.conv2d(x, f, 1, 'same')))(w);
      console.log('trained', g.shape.join('x'));
    })();`;
  // The timeout only stops a hung child so that the assertion below can report it.
  const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
    encoding: 'utf8', timeout: 120_000, env: { ...process.env, AE_WASM_BUILD: 'threaded' },
  });
  assert.equal(run.signal, null, `the script did not end by itself: ${run.stderr}`);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /trained 3x3x3x4/);
});
