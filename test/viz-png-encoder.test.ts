import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { encodePng } from '../src/viz/png-encoder';

test('encodePng(w, h, rgb) round-trips through sharp byte for byte', async () => {
  const [width, height] = [7, 5];
  const rgb = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 37) % 256);
  const { data, info } = await sharp(encodePng(width, height, rgb)).raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([info.width, info.height, info.channels], [width, height, 3]);
  assert.deepEqual([...data], [...rgb]);
});

test('encodePng rejects a size that does not match the pixels, saying what it expected', () => {
  assert.throws(() => encodePng(2, 2, new Uint8Array(11)), /internal error: encodePng: expected 12 bytes \(2 × 2 × 3 RGB\), got 11/);
  assert.throws(() => encodePng(0, 2, new Uint8Array(0)), /internal error: encodePng: width and height must be whole numbers ≥ 1, got 0 × 2/);
});
