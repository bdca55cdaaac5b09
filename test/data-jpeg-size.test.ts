import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { jpegSize } from '../src/internal';

test('jpegSize(jpeg) reads width and height from the frame header, baseline and progressive', async () => {
  const image = sharp({ create: { width: 37, height: 21, channels: 3, background: { r: 9, g: 9, b: 9 } } });
  assert.deepEqual(jpegSize(await image.clone().jpeg().toBuffer()), { width: 37, height: 21 });
  assert.deepEqual(jpegSize(await image.clone().jpeg({ progressive: true }).toBuffer()), { width: 37, height: 21 });
  const withExif = await image.clone().withMetadata({ exif: { IFD0: { Copyright: 'test' } } }).jpeg().toBuffer();
  assert.deepEqual(jpegSize(withExif), { width: 37, height: 21 });
});

test('jpegSize() is null for data that is not a JPEG or is cut before its frame header', async () => {
  assert.equal(jpegSize(Buffer.from('not a jpeg at all')), null);
  const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).png().toBuffer();
  assert.equal(jpegSize(png), null);
  assert.equal(jpegSize(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00])), null);
});
