import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf, splitIndices, trainTestSplit } from '../src/internal';

test('splitIndices(n, {seed}) keeps 10 % for testing by default and covers every row exactly once', () => {
  const { trainIndices, testIndices } = splitIndices(1000, { seed: 42 });
  assert.equal(testIndices.length, 100);
  assert.equal(trainIndices.length, 900);
  assert.deepEqual([...trainIndices, ...testIndices].sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => i));
});

test('splitIndices() is deterministic for a seed and changes with the seed', () => {
  const a = splitIndices(500, { seed: 7, testFraction: 0.2 });
  const b = splitIndices(500, { seed: 7, testFraction: 0.2 });
  const c = splitIndices(500, { seed: 8, testFraction: 0.2 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.testIndices, c.testIndices);
  assert.equal(a.testIndices.length, 100);
});

test('splitIndices() uses AE_SEED (default 42) when no seed is given', () => {
  const saved = process.env.AE_SEED;
  delete process.env.AE_SEED;
  try {
    assert.deepEqual(splitIndices(50), splitIndices(50, { seed: 42 }));
    process.env.AE_SEED = '3';
    assert.deepEqual(splitIndices(50), splitIndices(50, { seed: 3 }));
  } finally {
    if (saved === undefined) delete process.env.AE_SEED;
    else process.env.AE_SEED = saved;
  }
});

test('splitIndices() keeps at least one image on each side of a tiny set', () => {
  assert.deepEqual(splitIndices(3, { seed: 1 }).testIndices.length, 1);
  assert.deepEqual(splitIndices(2, { seed: 1, testFraction: 0.9 }).trainIndices.length, 1);
});

test('splitIndices() rejects a bad fraction, too few images or a fractional seed', () => {
  assert.throws(() => splitIndices(10, { testFraction: 0 }), /testFraction=0 doit être strictement compris entre 0 et 1 ; le cours prend 0\.1/);
  assert.throws(() => splitIndices(10, { testFraction: 1 }), /testFraction=1/);
  assert.throws(() => splitIndices(10, { testFraction: NaN }), /testFraction=NaN/);
  assert.throws(() => splitIndices(1), /Impossible de partager 1 image\(s\) entre jeu d'entraînement et jeu de test : il en faut au moins 2 \(chargez plus d'images/);
  assert.throws(() => splitIndices(10, { seed: 0.5 }), /seed=0\.5 doit être un entier : passez par exemple 42/);
  const scalar = tf.scalar(1);
  assert.throws(() => trainTestSplit(scalar), /trainTestSplit : images doit être un tenseur \[n, …\], reçu un scalaire ; passez le tenseur des images/);
  scalar.dispose();
});

test('trainTestSplit(images, {seed}) returns the rows named by the indices, and only those tensors', () => {
  const images = tf.tidy(() => tf.range(0, 20).reshape([10, 1, 1, 2]).toFloat()) as tf.Tensor4D;
  const before = tf.memory().numTensors;
  const split = trainTestSplit(images, { seed: 5, testFraction: 0.3 });
  assert.equal(tf.memory().numTensors, before + 2);
  assert.deepEqual(split.train.shape, [7, 1, 1, 2]);
  assert.deepEqual(split.test.shape, [3, 1, 1, 2]);
  const rows = (t: tf.Tensor) => Array.from(t.dataSync()).filter((_, i) => i % 2 === 0).map((v) => v / 2);
  assert.deepEqual(rows(split.train), split.trainIndices);
  assert.deepEqual(rows(split.test), split.testIndices);
  assert.deepEqual(split.testIndices, splitIndices(10, { seed: 5, testFraction: 0.3 }).testIndices);
  split.train.dispose();
  split.test.dispose();
  images.dispose();
  assert.equal(tf.memory().numTensors, before - 1);
});
