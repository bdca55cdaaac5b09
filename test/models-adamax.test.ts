import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { tf } from '../src/tf';
import { CheckpointableAdamax } from '../src/models';
import { tensorCount } from './helpers/memory';

before(async () => {
  await tf.setBackend('cpu');
});

function step(optimizer: tf.Optimizer, w: tf.Variable, target: tf.Tensor): void {
  tf.tidy(() => {
    optimizer.minimize(() => tf.losses.meanSquaredError(target, w.mul(2)) as tf.Scalar, false, [w]);
  });
}

test('CheckpointableAdamax.getWeights()/setWeights() carry the state so the next step is identical', async () => {
  const target = tf.tensor1d([1, -2, 3]);
  const a = tf.variable(tf.tensor1d([0.5, 0.1, -0.3]));
  const b = tf.variable(tf.tensor1d([0.5, 0.1, -0.3]));
  const first = new CheckpointableAdamax(0.01);
  for (let i = 0; i < 3; i++) step(first, a, target);

  const state = await first.getWeights();
  assert.deepEqual(state.map((s) => s.name.replace(/^.*\//, '')), ['iter', 'iteration', 'accBeta1', 'm', 'v']);
  const second = new CheckpointableAdamax(0.01);
  const before = tensorCount();
  await second.setWeights(state);
  tf.dispose(state.map((s) => s.tensor));
  b.assign(a);
  assert.equal(tensorCount(), before - 5 + 2, 'setWeights keeps only the two moment variables it needs');

  step(first, a, target);
  step(second, b, target);
  assert.deepEqual(Array.from(b.dataSync()), Array.from(a.dataSync()));
  first.dispose();
  second.dispose();
  tf.dispose([target, a, b]);
});

test('CheckpointableAdamax is an Adamax (default learning rate 0.002, as Keras\' "adamax")', () => {
  const optimizer = new CheckpointableAdamax();
  assert.equal(optimizer.getClassName(), 'Adamax');
  assert.equal(optimizer.getConfig().learningRate, 0.002);
  optimizer.dispose();
});
