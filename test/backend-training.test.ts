/**
 * Training convolutional autoencoders on the fast wasm route: the loss goes down, nothing leaks, and a few
 * steps give the same losses and weights as the cpu backend from the same start.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tf, initBackend } from '../src/internal';
import { buildDeepAutoencoder } from '../src/models';
import { compareArrays, maxAbsDiff, onBackends, seededValues } from './helpers/backend-compare';
import { testEachSimdBuild } from './helpers/simd-builds';

/** One optimisation step of `model` on `images` (MSE reconstruction); returns the loss before the step. */
function trainStep(model: tf.LayersModel, optimizer: tf.Optimizer, images: tf.Tensor4D): number {
  const loss = tf.tidy(() => optimizer.minimize(() => tf.losses.meanSquaredError(images, model.apply(images) as tf.Tensor) as tf.Scalar, true) as tf.Scalar);
  const value = loss.dataSync()[0];
  loss.dispose();
  return value;
}

/** A tiny conv autoencoder: Conv2D + ELU + MaxPool, Conv2DTranspose stride 2 back to 3 channels. */
function tinyConvAutoencoder(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 8, kernelSize: 3, padding: 'same', activation: 'elu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
}

/** Images in [0, 1], the same on every backend. */
function seededImages(shape: [number, number, number, number], seed: number): tf.Tensor4D {
  return tf.add(tf.tensor4d(seededValues(shape.reduce((a, b) => a * b), seed), shape), 0.5);
}

test("a tiny conv autoencoder's loss goes down when trained on wasm, and steps leak no tensors", async () => {
  await initBackend({ backend: 'wasm' });
  const model = tinyConvAutoencoder();
  const optimizer = tf.train.adamax(0.01);
  const images = seededImages([8, 8, 8, 3], 3);
  const first = trainStep(model, optimizer, images); // warm-up: the optimizer creates its state here
  const before = tf.memory().numTensors;
  let last = first;
  for (let i = 0; i < 30; i++) last = trainStep(model, optimizer, images);
  assert.equal(tf.memory().numTensors, before, 'no tensor leak across steps');
  assert.ok(last < 0.5 * first, `loss ${first} → ${last}`);
  images.dispose();
  model.dispose();
  optimizer.dispose();
});

testEachSimdBuild("the course's conv autoencoder trained 3 steps on cpu and on fast wasm from the same weights gives the same losses and weights", async () => {
  // One 16×16 image per step keeps the cpu backend's naive convolution gradients fast enough for a test; the layers are the course's.
  const steps = 3;
  let initial: Float32Array[] = [];
  const imageData = seededValues(16 * 16 * 3, 11);
  const results = await onBackends(['cpu', 'wasm'], () => {
    const ae = buildDeepAutoencoder([16, 16, 3], 8, { seed: 5 });
    const model = ae.autoencoder;
    if (initial.length === 0) initial = model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
    model.setWeights(model.getWeights().map((w, i) => tf.tensor(initial[i], w.shape)));
    const images = tf.tidy(() => tf.add(tf.tensor4d(imageData, [1, 16, 16, 3]), 0.5)) as tf.Tensor4D;
    const losses: number[] = [];
    for (let i = 0; i < steps; i++) losses.push(trainStep(model, model.optimizer, images));
    const weights = model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
    images.dispose();
    model.dispose();
    return { losses, weights };
  });
  const { cpu, wasm } = results;
  assert.equal(wasm.weights.length, cpu.weights.length);
  for (let i = 0; i < steps; i++) {
    assert.ok(Math.abs(cpu.losses[i] - wasm.losses[i]) <= 1e-5 * cpu.losses[i], `step ${i}: cpu ${cpu.losses[i]} vs wasm ${wasm.losses[i]}`);
  }
  // Adamax moves every weight by about ±learningRate per step, so a wrong gradient sign shows as ≥ 1e-3.
  const failures = cpu.weights.map((w, i) => compareArrays(`weight ${i}`, w, wasm.weights[i], 1e-5));
  assert.deepEqual(failures.filter(Boolean), []);
  const moved = Math.max(...cpu.weights.map((w, i) => maxAbsDiff(w, initial[i])));
  assert.ok(moved > 1e-3, 'the weights did change');
});

testEachSimdBuild('the one-pass Adamax on wasm gives exactly the same weights as tf.AdamaxOptimizer op by op', async () => {
  const { registerFusedAdamax, unregisterFusedAdamax } = await import('../src/backend/fused-adamax');
  await initBackend({ backend: 'wasm' });
  const images = seededImages([4, 8, 8, 3], 4);
  const weightsAfter = (fused: boolean): Float32Array[] => {
    if (fused) registerFusedAdamax();
    else unregisterFusedAdamax();
    const model = tinyConvAutoencoder();
    const optimizer = tf.train.adamax(0.01);
    for (let i = 0; i < 4; i++) trainStep(model, optimizer, images);
    const out = model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
    model.dispose();
    optimizer.dispose();
    return out;
  };
  const plain = weightsAfter(false);
  const fused = weightsAfter(true);
  const failures = plain.map((w, i) => compareArrays(`weight ${i}`, w, fused[i], 0));
  assert.deepEqual(failures.filter(Boolean), []);
  images.dispose();
});

test('on wasm, tf.clone shares the buffer (Identity without a copy) and the in-place Adamax never writes into a shared one', async () => {
  await initBackend({ backend: 'wasm' });
  const x = tf.tensor1d([1, 2, 3]);
  const y = tf.clone(x);
  assert.equal(y.dataId, x.dataId);
  x.dispose();
  assert.deepEqual(Array.from(y.dataSync()), [1, 2, 3]);
  y.dispose();

  const model = tinyConvAutoencoder();
  const optimizer = tf.train.adamax(0.01);
  const images = seededImages([4, 8, 8, 3], 5);
  trainStep(model, optimizer, images);
  // A clone of each moment tensor shares its buffer: the next step must leave the clones as they were.
  // tf.AdamaxOptimizer has no getWeights(): read its moment variables (the fields fused-adamax.ts updates).
  const state = optimizer as unknown as Record<'accumulatedFirstMoment' | 'accumulatedWeightedInfNorm', { originalName: string; variable: tf.Variable }[]>;
  const moments = [...state.accumulatedFirstMoment, ...state.accumulatedWeightedInfNorm].map((m) => ({ name: m.originalName, tensor: m.variable }));
  assert.ok(moments.length >= 4);
  const clones = moments.map((w) => tf.clone(w.tensor));
  const before = clones.map((c) => c.dataSync().slice());
  trainStep(model, optimizer, images);
  clones.forEach((c, i) => assert.deepEqual(c.dataSync(), before[i], `${moments[i].name} changed under its clone`));
  assert.ok(moments.some((w, i) => maxAbsDiff(w.tensor.dataSync(), before[i]) > 0), 'the moments themselves moved');
  tf.dispose(clones);
  model.dispose();
  optimizer.dispose();
  images.dispose();
});
