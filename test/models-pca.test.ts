import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { tf } from '../src/tf';
import { buildPcaAutoencoder, disposeAutoencoder } from '../src/models';
import { tensorCount } from './helpers/memory';

before(async () => {
  await tf.setBackend('cpu');
});

test('buildPcaAutoencoder([8, 8, 3], 4) maps images to 4-number codes and back to images', () => {
  const ae = buildPcaAutoencoder([8, 8, 3], 4, { seed: 1 });
  assert.deepEqual(ae.encoder.outputs[0].shape, [null, 4]);
  assert.deepEqual(ae.decoder.outputs[0].shape, [null, 8, 8, 3]);
  assert.deepEqual(ae.imageShape, [8, 8, 3]);
  assert.equal(ae.codeSize, 4);
  assert.equal(ae.kind, 'pca');
  assert.deepEqual(ae.encoder.layers.map((l) => l.getClassName()), ['Flatten', 'Dense']);
  assert.deepEqual(ae.decoder.layers.map((l) => l.getClassName()), ['Dense', 'Reshape']);
  assert.equal((ae.decoder.layers[0].getConfig() as { units: number }).units, 8 * 8 * 3);
  const images = tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 1);
  const codes = ae.encoder.predict(images) as tf.Tensor;
  const output = ae.autoencoder.predict(images) as tf.Tensor;
  assert.deepEqual(codes.shape, [2, 4]);
  assert.deepEqual(output.shape, [2, 8, 8, 3]);
  tf.dispose([images, codes, output]);
  disposeAutoencoder(ae);
});

test('buildPcaAutoencoder compiles the chained model with Adamax and the MSE loss', () => {
  const ae = buildPcaAutoencoder([8, 8, 3], 4);
  assert.equal(ae.autoencoder.optimizer.getClassName(), 'Adamax');
  assert.equal(ae.autoencoder.loss, 'meanSquaredError');
  // encoder and decoder share their weights with the chained model
  assert.equal(ae.autoencoder.trainableWeights.length, ae.encoder.trainableWeights.length + ae.decoder.trainableWeights.length);
  disposeAutoencoder(ae);
});

test('buildPcaAutoencoder(shape, code, { seed }) gives the same weights for the same seed', () => {
  const weights = (seed: number) => {
    const ae = buildPcaAutoencoder([8, 8, 3], 4, { seed });
    const values = ae.autoencoder.getWeights().map((w) => Array.from(w.dataSync()));
    disposeAutoencoder(ae);
    return values;
  };
  assert.deepEqual(weights(7), weights(7));
  assert.notDeepEqual(weights(7), weights(8));
});

test('disposeAutoencoder(ae) frees every tensor the builder made', () => {
  const before = tensorCount();
  disposeAutoencoder(buildPcaAutoencoder([8, 8, 3], 4));
  assert.equal(tensorCount(), before);
});

test('buildPcaAutoencoder rejects a code size below 1 or not whole, saying what to pass', () => {
  for (const bad of [0, -3, 2.5, Number.NaN]) {
    assert.throws(() => buildPcaAutoencoder([8, 8, 3], bad), /codeSize \(la taille de code, longueur du code latent\) doit être un entier ≥ 1, reçu .* : passez par exemple 32/);
  }
  assert.throws(() => buildPcaAutoencoder([8, 8], 4), /imageShape doit être \[hauteur, largeur, canaux\] en entiers positifs, reçu \[8,8\] : passez par exemple \[32, 32, 3\]/);
  assert.throws(() => buildPcaAutoencoder([8, 0, 3], 4), /imageShape doit être .*reçu \[8,0,3\]/);
});

test('a PCA autoencoder given images of the wrong shape throws instead of predicting', () => {
  const ae = buildPcaAutoencoder([8, 8, 3], 4);
  const wrong = tf.zeros([1, 16, 16, 3]);
  assert.throws(() => ae.autoencoder.predict(wrong), /expected .* to have shape \[null,8,8,3\]/);
  wrong.dispose();
  disposeAutoencoder(ae);
});
