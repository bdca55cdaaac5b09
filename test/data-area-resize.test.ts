import { test } from 'node:test';
import assert from 'node:assert/strict';
import { areaResize } from '../src/internal';

test('areaResize(src, w, 1, region, w/2, h/2) averages each 2x2 block', () => {
  const src = Uint8Array.from([0, 10, 100, 110, 20, 30, 120, 130, 200, 202, 50, 50, 204, 206, 50, 54]);
  const out = areaResize(src, 4, 1, { left: 0, top: 0, width: 4, height: 4 }, 2, 2);
  assert.deepEqual(Array.from(out), [15, 115, 203, 51]);
});

test('areaResize() weights partly covered pixels by the covered fraction (3 → 2)', () => {
  // Output 0 covers source [0, 1.5): (0·1 + 90·0.5) / 1.5 = 30; output 1 covers [1.5, 3): (90·0.5 + 180) / 1.5 = 150.
  const out = areaResize(Uint8Array.from([0, 90, 180]), 3, 1, { left: 0, top: 0, width: 3, height: 1 }, 2, 1);
  assert.deepEqual(Array.from(out), [30, 150]);
});

test('areaResize() of a constant RGB region stays constant, whatever the ratio', () => {
  const w = 250;
  const src = new Uint8Array(w * w * 3);
  for (let i = 0; i < w * w; i++) src.set([12, 200, 77], i * 3);
  const out = areaResize(src, w, 3, { left: 80, top: 80, width: 90, height: 90 }, 32, 32);
  assert.equal(out.length, 32 * 32 * 3);
  for (let i = 0; i < 32 * 32; i++) assert.deepEqual(Array.from(out.subarray(i * 3, i * 3 + 3)), [12, 200, 77]);
});

test('areaResize() reads only inside the region (the border does not leak in)', () => {
  const w = 10;
  const src = new Uint8Array(w * w).fill(255);
  for (let y = 2; y < 8; y++) for (let x = 2; x < 8; x++) src[y * w + x] = 40;
  const out = areaResize(src, w, 1, { left: 2, top: 2, width: 6, height: 6 }, 4, 3);
  assert.deepEqual(Array.from(out), new Array(12).fill(40));
});

test('areaResize() preserves the mean intensity of a gradient', () => {
  const w = 90;
  const src = new Uint8Array(w * w);
  for (let y = 0; y < w; y++) for (let x = 0; x < w; x++) src[y * w + x] = (x * 2 + y) % 256;
  const out = areaResize(src, w, 1, { left: 0, top: 0, width: w, height: w }, 32, 32);
  const mean = (a: Uint8Array) => a.reduce((s, v) => s + v, 0) / a.length;
  assert.ok(Math.abs(mean(out) - mean(src)) < 0.5, `${mean(out)} vs ${mean(src)}`);
});

test('areaResize() upsamples too (each output copies the pixel it falls in)', () => {
  const out = areaResize(Uint8Array.from([10, 250]), 2, 1, { left: 0, top: 0, width: 2, height: 1 }, 4, 1);
  assert.deepEqual(Array.from(out), [10, 10, 250, 250]);
});

test('areaResize() rejects an empty region or one outside the source', () => {
  const src = new Uint8Array(16);
  assert.throws(() => areaResize(src, 4, 1, { left: 0, top: 0, width: 0, height: 4 }, 2, 2), /internal error: areaResize: region .* is empty; use positive sizes/);
  assert.throws(() => areaResize(src, 4, 1, { left: 2, top: 0, width: 4, height: 4 }, 2, 2), /internal error: areaResize: region .* lies outside/);
});
