import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { checkFaceGeometry, decodeFace } from '../src/internal';
import { makeJpeg } from './helpers/lfw-fixture';

const geometry = { dx: 8, dy: 8, dimx: 4, dimy: 2 };

test('decodeFace(jpeg, geometry) crops the border and returns uint8 [dimy, dimx, 3]', async () => {
  const jpeg = await makeJpeg(32, 32, [30, 140, 220], { border: [255, 0, 0], inset: 8 });
  const face = await decodeFace(jpeg, geometry);
  assert.equal(face.length, 2 * 4 * 3);
  for (let i = 0; i < 8; i++) {
    const [r, g, b] = face.subarray(i * 3, i * 3 + 3);
    assert.ok(Math.abs(r - 30) <= 3 && Math.abs(g - 140) <= 3 && Math.abs(b - 220) <= 3, `pixel ${i}: ${r},${g},${b}`);
  }
});

test('decodeFace() gives the same face whether or not it can read the JPEG size first', async () => {
  const jpeg = await makeJpeg(40, 40, [90, 60, 30], { border: [0, 0, 255], inset: 6 });
  const png = await sharp(jpeg).png().toBuffer(); // same pixels, no JPEG header: full decode then crop
  assert.deepEqual(Array.from(await decodeFace(jpeg, geometry)), Array.from(await decodeFace(png, geometry)));
});

test('decodeFace() turns a grey JPEG into 3 equal channels', async () => {
  const jpeg = await makeJpeg(32, 32, [120, 120, 120], { channels: 1 });
  assert.equal((await sharp(jpeg).metadata()).channels, 1);
  const face = await decodeFace(jpeg, geometry);
  assert.equal(face.length, 24);
  for (let i = 0; i < 8; i++) assert.ok(face[i * 3] === face[i * 3 + 1] && face[i * 3 + 1] === face[i * 3 + 2]);
});

test('decodeFace() names the image and what to do when the data does not decode', async () => {
  await assert.rejects(decodeFace(Buffer.from('garbage'), geometry, 'lfw.tgz: lfw/X/X_0001.jpg'), /decodeFace : lfw\.tgz: lfw\/X\/X_0001\.jpg ne se décode pas en image.*L'archive est abîmée : supprimez-la et téléchargez-la de nouveau/s);
  const jpeg = await makeJpeg(32, 32, [1, 2, 3]);
  const broken = Buffer.concat([jpeg.subarray(0, 200), Buffer.alloc(50, 0x13)]);
  await assert.rejects(decodeFace(broken, geometry, 'broken.jpg'), /broken\.jpg ne se décode pas en image/);
});

test('decodeFace() refuses a photo too small for the crop', async () => {
  const jpeg = await makeJpeg(16, 16, [1, 2, 3]);
  await assert.rejects(decodeFace(jpeg, geometry, 'small.jpg'), /small\.jpg fait 16x16 pixels, trop peu pour retirer dx=8, dy=8 de chaque bord ; prenez des dx et dy plus petits/);
});

test('checkFaceGeometry() accepts the course geometry and rejects fractional or negative sizes', () => {
  checkFaceGeometry({ dx: 80, dy: 80, dimx: 32, dimy: 32 });
  assert.throws(() => checkFaceGeometry({ dx: 1.5, dy: 0, dimx: 32, dimy: 32 }), /dx=1\.5 n'est pas un nombre entier de pixels ≥ 0 ; passez par exemple \{ dx: 80 \}/);
  assert.throws(() => checkFaceGeometry({ dx: 0, dy: 0, dimx: 32, dimy: -2 }), /dimy=-2 n'est pas un nombre entier de pixels dans \[1, 4096\] ; passez par exemple \{ dimy: 32 \}/);
});
