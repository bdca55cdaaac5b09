/**
 * Recorded kernels replayed without the engine (kernel-recorder.ts, kernel-plan.ts) and the MSE gradients built on
 * them (data-parallel/gradients.ts): the tape's bits on new values, no data left behind, the tape kept where a replay
 * would be wrong.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf, initBackend } from '../src/internal';
import { recordKernels } from '../src/backend/kernel-recorder';
import { KernelPlan } from '../src/backend/kernel-plan';
import { allocate, heapView } from '../src/backend/wasm-kernel-utils';
import { MseGradients } from '../src/backend/data-parallel/gradients';
import { buildDeepAutoencoder } from '../src/models';
import { seededValues } from './helpers/backend-compare';

function wasm(): BackendWasm {
  return tf.backend() as unknown as BackendWasm;
}

/** Same float32 bits. */
function assertSameBits(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  const a = new Uint32Array(Float32Array.from(actual).buffer);
  const e = new Uint32Array(Float32Array.from(expected).buffer);
  assert.equal(a.length, e.length, `${what}: length`);
  const at = a.findIndex((v, i) => v !== e[i]);
  assert.equal(at, -1, `${what}: first difference at ${at}`);
}

/**
 * A small computation with a constant made inside it (the scalar), views sharing their input's data (a reshape, and
 * the counted view kernel) with that input used again after them (with its own shape), and `w` first used after an
 * intermediate exists.
 */
function compute(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor {
  return tf.tidy(() => {
    const h = tf.mul(tf.matMul(tf.elu(x), w), tf.scalar(3));
    const flat = tf.reshape(h, [-1]);
    const copied = tf.engine().runKernel('ReplayTestCopy', { x: tf.engine().runKernel('ReplayTestView', { x: h }) as tf.Tensor }) as tf.Tensor;
    return tf.add(tf.sum(tf.square(flat)), tf.sum(tf.matMul(copied, w, false, true)));
  });
}

/** Calls of the view kernel. */
let viewCalls = 0;
tf.registerKernel({
  kernelName: 'ReplayTestView',
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend }) => {
    viewCalls++;
    const x = inputs.x as tf.TensorInfo;
    (backend as unknown as BackendWasm).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  },
});

/** A kernel copying its input into new data, or throwing while `copyFails` is set. */
let copyFails = false;
tf.registerKernel({
  kernelName: 'ReplayTestCopy',
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend }) => {
    if (copyFails) throw new Error('copy failure');
    const wasmBackend = backend as unknown as BackendWasm;
    const x = inputs.x as tf.TensorInfo;
    const out = allocate(wasmBackend, [...x.shape]);
    heapView(wasmBackend, out).set(heapView(wasmBackend, x));
    return out;
  },
});

test('a recorded computation replayed on new values gives the direct computation\'s bits and leaves no data behind', async () => {
  await initBackend({ backend: 'wasm' });
  const x = tf.tensor2d(seededValues(12, 1), [3, 4]);
  const w = tf.tensor2d(seededValues(20, 2), [4, 5]);
  const recording = recordKernels(() => compute(x, w), new Set([x.dataId, w.dataId]));
  assert.ok(recording.calls.length >= 5, `${recording.calls.length} top-level calls`);
  assert.equal(recording.constants.size, 1, 'the scalar 3 is a constant');
  const tensors = tf.memory().numTensors;
  assert.throws(() => KernelPlan.build(recording, [x.dataId, w.dataId], [x]), /not made by a recorded kernel/);
  assert.equal(tf.memory().numTensors, tensors, 'a refused plan keeps no constant');
  const plan = KernelPlan.build(recording, [x.dataId, w.dataId], [recording.result]);
  recording.result.dispose();

  const x2 = tf.tensor2d(seededValues(12, 3), [3, 4]);
  const w2 = tf.tensor2d(seededValues(20, 4), [4, 5]);
  const expected = compute(x2, w2);
  const before = wasm().numDataIds();
  const views = viewCalls;
  for (let i = 0; i < 3; i++) {
    const [out] = plan.run([x2, w2]);
    assert.deepEqual(out.shape, []);
    assertSameBits(wasm().readSync(out.dataId) as Float32Array, expected.dataSync(), `replay ${i}`);
    wasm().disposeData(out.dataId);
  }
  assert.equal(viewCalls, views, 'a view is not replayed: its output is its input\'s data');
  assert.equal(wasm().numDataIds(), before, 'every intermediate released');

  // A kernel failing halfway: the replay releases what it had made so far.
  copyFails = true;
  assert.throws(() => plan.run([x2, w2]), /copy failure/);
  copyFails = false;
  assert.equal(wasm().numDataIds(), before, 'nothing left after a failure');
  plan.dispose();
  tf.dispose([x, w, x2, w2, expected]);
});

test('a requested output made by a view comes back in the view\'s shape, its data released once', async () => {
  await initBackend({ backend: 'wasm' });
  const x = tf.tensor2d(seededValues(12, 5), [3, 4]);
  const recording = recordKernels(() => tf.tidy(() => tf.reshape(tf.elu(x), [2, 6])), new Set([x.dataId]));
  const plan = KernelPlan.build(recording, [x.dataId], [recording.result]);
  const expected = recording.result.dataSync().slice();
  recording.result.dispose();
  const before = wasm().numDataIds();
  const [out] = plan.run([x]);
  assert.deepEqual(out.shape, [2, 6]);
  assertSameBits(wasm().readSync(out.dataId) as Float32Array, expected, 'reshaped elu');
  wasm().disposeData(out.dataId);
  assert.equal(wasm().numDataIds(), before, 'no data left');
  plan.dispose();
  x.dispose();
});

test('the kernels are registered as before once a recording ends, even when it throws', async () => {
  await initBackend({ backend: 'wasm' });
  const before = tf.getKernel('Elu', 'wasm')?.kernelFunc;
  assert.throws(() => recordKernels(() => { throw new Error('boom'); }, new Set()), /boom/);
  assert.equal(tf.getKernel('Elu', 'wasm')?.kernelFunc, before);
});

test("the course's conv autoencoder: replayed gradients are the tape's bits on every later shard, with no leak", async () => {
  await initBackend({ backend: 'wasm' });
  const ae = buildDeepAutoencoder([32, 32, 3], 32, { seed: 3 });
  const variables = ae.autoencoder.trainableWeights.map((v) => v.read() as tf.Variable);
  const mse = new MseGradients(ae.autoencoder, variables);
  const taped = (x: tf.Tensor) => {
    const { value, grads } = tf.variableGrads(
      () => tf.losses.meanSquaredError(x, ae.autoencoder.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, variables);
    const out = { loss: value.dataSync()[0], gradients: variables.map((v) => grads[v.name].dataSync().slice()) };
    tf.dispose([value, ...Object.values(grads)]);
    return out;
  };
  const first = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 11);
  tf.dispose(mse.compute(first, first).gradients);
  assert.equal(mse.replayedShapes, 1, 'the first shard recorded a plan that passed its check');
  const tensorsBefore = tf.memory().numTensors;
  const dataBefore = wasm().numDataIds();
  for (let seed = 12; seed < 14; seed++) {
    const x = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', seed);
    const expected = taped(x);
    const { loss, gradients } = mse.compute(x, x);
    assertSameBits([loss], [expected.loss], `loss, seed ${seed}`);
    gradients.forEach((g, i) => assertSameBits(g.dataSync(), expected.gradients[i], `gradient ${i}, seed ${seed}`));
    tf.dispose([x, ...gradients]);
  }
  assert.equal(tf.memory().numTensors, tensorsBefore, 'no tensor left');
  assert.equal(wasm().numDataIds(), dataBefore, 'no wasm data left');

  // Noisy targets: another shape key, its own plan.
  const noisy = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 20);
  tf.dispose(mse.compute(noisy, first).gradients);
  assert.equal(mse.replayedShapes, 2);
  mse.dispose();
  tf.dispose([first, noisy]);
  ae.autoencoder.dispose();
});

test('a model with a layer that draws random numbers stays on the tape', async () => {
  await initBackend({ backend: 'wasm' });
  const model = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [4], units: 4 }), tf.layers.dropout({ rate: 0.5 }), tf.layers.dense({ units: 4 })],
  });
  const variables = model.trainableWeights.map((v) => v.read() as tf.Variable);
  const mse = new MseGradients(model, variables);
  const x = tf.tensor2d(seededValues(8, 6), [2, 4]);
  for (let i = 0; i < 2; i++) tf.dispose(mse.compute(x, x).gradients);
  assert.equal(mse.replayedShapes, 0);
  mse.dispose();
  x.dispose();
  model.dispose();
});
