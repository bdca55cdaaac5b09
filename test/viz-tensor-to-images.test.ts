import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf, tensorToImages } from '../src/internal';

test('tensorToImages(images [n, h, w, 3]) gives n plain [h][w][3] arrays and leaves no tensor behind', () => {
  const images = tf.tensor4d([0, 0.5, 1, 0.25, 0.25, 0.25], [2, 1, 1, 3]);
  const before = tf.memory().numTensors;
  const plain = tensorToImages(images);
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(plain, [[[[0, 0.5, 1]]], [[[0.25, 0.25, 0.25]]]]);
  images.dispose();
});

test('tensorToImages(image [h, w, 3]) wraps one image and rejects other shapes', () => {
  const image = tf.zeros([2, 3, 3]);
  const plain = tensorToImages(image);
  assert.equal(plain.length, 1);
  assert.equal(plain[0].length, 2);
  assert.equal(plain[0][0].length, 3);
  const wrong = tf.zeros([2, 4]);
  assert.throws(() => tensorToImages(wrong), /tensorToImages : des images \[n, h, w, 3\] ou une image \[h, w, 3\] sont attendues.*reçu la forme \[2, 4\] ; remettez d'abord le tenseur en forme/);
  tf.dispose([image, wrong]);
});
