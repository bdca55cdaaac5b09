import { test } from 'node:test';
import assert from 'node:assert/strict';
import pl from 'nodejs-polars';
import { tf } from '../src/tf';
import { attributeMask, attributeDirection, moveAlongDirection, decodeAlongDirection } from '../src/latent-arithmetic';
import { tensorCount } from './helpers/memory';
import { tinyCodec } from './helpers/tiny-codec';

function attributeFrame(): pl.DataFrame {
  return pl.DataFrame({
    person: ['A', 'B', 'C', 'D'],
    imagenum: [1, 1, 1, 2],
    Male: [1, -1, -1, 1],
    Smiling: [-1.5, 0.3, -1, 2],
  });
}

test('attributeMask(attributes, column) flags the rows whose value is positive, read by column name', () => {
  assert.deepEqual(attributeMask(attributeFrame(), 'Smiling'), [false, true, false, true]);
  assert.deepEqual(attributeMask(attributeFrame(), 'Male'), [true, false, false, true]);
});

test('attributeMask(attributes, column, rows) follows the given row order (e.g. trainIndices)', () => {
  assert.deepEqual(attributeMask(attributeFrame(), 'Smiling', [3, 0, 1]), [true, false, true]);
  assert.deepEqual(attributeMask(attributeFrame(), 'Smiling', []), []);
});

test('attributeMask rejects an unknown column and rows outside the table, saying what to pass', () => {
  assert.throws(() => attributeMask(attributeFrame(), 'smiling'), /pas de colonne « smiling ».*« Male », « Smiling »/);
  assert.throws(() => attributeMask(attributeFrame(), 'Smiling', [0, 4]), /rows\[1\] = 4 is not a row.*0 to 3/);
});

test('attributeDirection(codes, present) is the mean code with the attribute minus the mean code without', () => {
  const codes = tf.tensor2d([
    [1, 2],
    [3, 4],
    [10, 0],
    [20, 2],
  ]);
  const before = tensorCount();
  const direction = attributeDirection(codes, [true, true, false, false]);
  assert.equal(tensorCount(), before + 1);
  assert.deepEqual(direction.shape, [2]);
  assert.deepEqual(Array.from(direction.dataSync()), [2 - 15, 3 - 1]);
  tf.dispose([codes, direction]);
});

test('attributeDirection rejects mismatched flags, a single group and non-matrix codes', () => {
  const codes = tf.zeros([3, 2]);
  assert.throws(() => attributeDirection(codes, [true, false]), /2 flags for 3 codes/);
  assert.throws(() => attributeDirection(codes, [true, true, true]), /every code has the attribute \(3 of 3\)/);
  assert.throws(() => attributeDirection(codes, [false, false, false]), /no code has the attribute/);
  const flat = tf.zeros([3]);
  assert.throws(() => attributeDirection(flat, [true, false, true]), /must be a \[n, d\] tensor/);
  tf.dispose([codes, flat]);
});

test('moveAlongDirection(code, direction, amounts) gives one row code + k·direction per amount', () => {
  const code = tf.tensor2d([[1, 0, -1]]);
  const direction = tf.tensor1d([0.5, 1, 0]);
  const moved = moveAlongDirection(code, direction, [-2, 0, 1]);
  assert.deepEqual(moved.shape, [3, 3]);
  assert.deepEqual(moved.arraySync(), [
    [0, -2, -1],
    [1, 0, -1],
    [1.5, 1, -1],
  ]);
  assert.throws(() => moveAlongDirection(code, tf.tensor1d([1, 2]), [1]), /code must be one code of shape \[2\]/);
  assert.throws(() => moveAlongDirection(code, direction, []), /non-empty list of finite numbers/);
  tf.dispose([code, direction, moved]);
});

test('decodeAlongDirection(ae, image, direction, amounts) decodes the moved codes, amount 0 = plain reconstruction', () => {
  const ae = tinyCodec([2, 2, 3], 3);
  const image = tf.randomUniform([1, 2, 2, 3], 0, 1, 'float32', 3);
  const direction = tf.tensor1d([0.2, -0.1, 0.3]);
  const before = tensorCount();
  const strip = decodeAlongDirection(ae, image, direction, [-1, 0, 2]);
  assert.equal(tensorCount(), before + 1);
  assert.deepEqual(strip.shape, [3, 2, 2, 3]);
  const plain = tf.tidy(() => ae.decoder.predict(ae.encoder.predict(image) as tf.Tensor) as tf.Tensor);
  const gap = tf.tidy(() => strip.slice([1], [1]).sub(plain).abs().max().dataSync()[0]);
  assert.ok(gap < 1e-6, `amount 0 should give the reconstruction (gap ${gap})`);
  assert.throws(() => decodeAlongDirection(ae, tf.zeros([2, 2]), direction, [1]), /image must be one image of shape \[2, 2, 3\]/);
  assert.throws(() => decodeAlongDirection(ae, image, tf.tensor1d([1, 2]), [1]), /direction has 2 values but the encoder makes codes of 3/);
  tf.dispose([image, direction, strip, plain]);
  ae.encoder.dispose();
  ae.decoder.dispose();
});
