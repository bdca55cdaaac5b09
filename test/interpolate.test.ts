import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../src/tf';
import { interpolateCodes, morphImages } from '../src/interpolate';
import { tinyCodec } from './helpers/tiny-codec';

test('interpolateCodes(codeA, codeB, steps) gives [steps, d] with exactly codeA first and codeB last', () => {
  const codeA = [0.1, -2.7, 3.3333333, 1e-7];
  const codeB = [5.5, 0.3, -1.1, 42];
  for (const steps of [2, 3, 7, 11]) {
    const path = interpolateCodes(codeA, codeB, steps);
    assert.deepEqual(path.shape, [steps, 4]);
    const rows = path.arraySync();
    assert.deepEqual(rows[0], Array.from(new Float32Array(codeA)));
    assert.deepEqual(rows[steps - 1], Array.from(new Float32Array(codeB)));
    path.dispose();
  }
});

test('interpolateCodes(codeA, codeB, 5) moves in equal steps and accepts [1, d] tensors', () => {
  const a = tf.tensor2d([[0, 10]]);
  const b = tf.tensor1d([4, 2]);
  const path = interpolateCodes(a, b, 5);
  const rows = path.arraySync();
  assert.deepEqual(rows, [
    [0, 10],
    [1, 8],
    [2, 6],
    [3, 4],
    [4, 2],
  ]);
  tf.dispose([a, b, path]);
});

test('interpolateCodes(codeA, codeB, steps) rejects steps < 2 and codes of different sizes', () => {
  assert.throws(() => interpolateCodes([0, 1], [1, 0], 1), /interpolateCodes : steps doit être un entier ≥ 2 .*reçu 1 ; passez par exemple 8/);
  assert.throws(() => interpolateCodes([0, 1], [1, 0], 2.5), /steps doit être un entier ≥ 2 .*reçu 2\.5 ;/);
  assert.throws(() => interpolateCodes([0, 1], [1, 0, 2], 3), /codeA a 2 valeurs mais codeB en a 3 ; les deux codes doivent venir du même encodeur/);
  const matrix = tf.zeros([2, 2]);
  assert.throws(() => interpolateCodes(matrix, [1, 0], 3), /codeA doit être un seul code de forme \[d\] ou \[1, d\], reçu \[2, 2\] ; prenez une ligne de la sortie de l'encodeur/);
  matrix.dispose();
});

test('morphImages(ae, imageA, imageB, steps) returns [steps, h, w, 3] whose ends are the decoded codes of A and B', () => {
  const ae = tinyCodec([4, 4, 3], 5);
  const images = tf.randomUniform([2, 4, 4, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
  const imageA = images.slice([0], [1]);
  const imageB = images.slice([1], [1]).squeeze([0]); // [h, w, c] is accepted too
  const strip = morphImages(ae, imageA, imageB, 6);
  assert.deepEqual(strip.shape, [6, 4, 4, 3]);
  const expected = tf.tidy(() => ae.decoder.predict(ae.encoder.predict(images) as tf.Tensor) as tf.Tensor4D);
  const [first, last] = [strip.slice([0], [1]), strip.slice([5], [1])];
  const [expectedA, expectedB] = [expected.slice([0], [1]), expected.slice([1], [1])];
  assert.ok(tf.max(tf.abs(first.sub(expectedA))).arraySync() as number < 1e-6);
  assert.ok(tf.max(tf.abs(last.sub(expectedB))).arraySync() as number < 1e-6);
  tf.dispose([images, imageA, imageB, strip, expected, first, last, expectedA, expectedB]);
  ae.encoder.dispose();
  ae.decoder.dispose();
});

test('morphImages(ae, imageA, imageB, steps) leaves the tensor count flat apart from its result', () => {
  const ae = tinyCodec([4, 4, 3], 5);
  const images = tf.randomUniform([2, 4, 4, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
  const a = images.slice([0], [1]);
  const b = images.slice([1], [1]);
  morphImages(ae, a, b, 3).dispose(); // warm-up
  const before = tf.memory().numTensors;
  const strip = morphImages(ae, a, b, 4);
  assert.equal(tf.memory().numTensors, before + 1);
  strip.dispose();
  tf.dispose([images, a, b]);
  ae.encoder.dispose();
  ae.decoder.dispose();
});

test('morphImages(ae, imageA, imageB, steps) rejects images of the wrong shape with a clear error', () => {
  const ae = tinyCodec([4, 4, 3], 5);
  const wrong = tf.zeros([1, 8, 8, 3]);
  const right = tf.zeros([4, 4, 3]);
  const pair = tf.zeros([2, 4, 4, 3]);
  assert.throws(() => morphImages(ae, wrong, right, 4), /morphImages : imageA doit être un seul tenseur d'image de forme \[4, 4, 3\] ou \[1, 4, 4, 3\], reçu \[1, 8, 8, 3\] ; prenez une image/);
  assert.throws(() => morphImages(ae, right, pair, 4), /imageB doit être un seul tenseur d'image/);
  assert.throws(() => morphImages(ae, right, right, 1), /morphImages : steps doit être un entier ≥ 2 .*reçu 1/);
  tf.dispose([wrong, right, pair]);
  ae.encoder.dispose();
  ae.decoder.dispose();
});
