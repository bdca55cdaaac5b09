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
  assert.throws(() => attributeMask(attributeFrame(), 'Smiling', [0, 4]), /rows\[1\] = 4 n'est pas une ligne de la table des attributs \(0 à 3\) ; passez des indices du même chargement/);
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
  assert.throws(() => attributeDirection(codes, [true, false]), /2 indicateurs pour 3 codes ; donnez un indicateur par code/);
  assert.throws(() => attributeDirection(codes, [true, true, true]), /tous les codes ont l'attribut \(3 sur 3\) ; il faut les deux groupes.*prenez plus d'images ou un autre attribut/);
  assert.throws(() => attributeDirection(codes, [false, false, false]), /aucun code n'a l'attribut \(0 sur 3\)/);
  const flat = tf.zeros([3]);
  assert.throws(() => attributeDirection(flat, [true, false, true]), /codes doit être un tenseur \[n, d\] de codes latents, reçu la forme \[3\] ; encodez d'abord les images/);
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
  assert.throws(() => moveAlongDirection(code, tf.tensor1d([1, 2]), [1]), /code doit être un seul code de forme \[2\] ou \[1, 2\].*reçu \[1, 3\] ; prenez une ligne de la sortie de l'encodeur/);
  assert.throws(() => moveAlongDirection(code, direction, []), /amounts doit être une liste non vide de nombres finis, par exemple \[-1, 0, 1, 2\]/);
  assert.throws(() => moveAlongDirection(code, tf.zeros([2, 3]), [1]), /direction doit avoir la forme \[d\], reçu \[2, 3\] ; passez le résultat de attributeDirection/);
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
  assert.throws(() => decodeAlongDirection(ae, tf.zeros([2, 2]), direction, [1]), /image doit être une seule image de forme \[2, 2, 3\] ou \[1, 2, 2, 3\], reçu \[2, 2\] ; prenez une image avec images\.slice/);
  assert.throws(() => decodeAlongDirection(ae, image, tf.tensor1d([1, 2]), [1]), /la direction a 2 valeurs mais l'encodeur produit des codes de 3 ; calculez la direction à partir des codes de ce même encodeur/);
  tf.dispose([image, direction, strip, plain]);
  ae.encoder.dispose();
  ae.decoder.dispose();
});
