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

test('CheckpointableAdamax.setWeights() rejects a state it did not write, or a damaged one, saying to delete the checkpoint', async () => {
  const target = tf.tensor1d([1, -2]);
  const w = tf.variable(tf.tensor1d([0.5, 0.1]));
  const source = new CheckpointableAdamax(0.01);
  step(source, w, target);
  const state = await source.getWeights();
  const other = new CheckpointableAdamax(0.01);
  await assert.rejects(
    other.setWeights(state.filter((_, i) => i !== 1)),
    /L'état d'Adamax n'a pas de « \S*iteration » : le point de contrôle n'a pas été écrit par CheckpointableAdamax ; supprimez-le/,
  );
  await assert.rejects(
    other.setWeights(state.slice(0, 4)),
    /L'état d'Adamax a 1 tenseurs de moments \(un nombre pair est attendu\) : le point de contrôle est abîmé ; supprimez-le/,
  );
  tf.dispose(state.map((s) => s.tensor));
  source.dispose();
  other.dispose();
  tf.dispose([target, w]);
});
