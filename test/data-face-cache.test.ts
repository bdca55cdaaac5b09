import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import pl from 'nodejs-polars';
import { cacheKey, fileStamp, readFaceCache, writeFaceCache, type CachedFaces } from '../src/internal';
import { listFiles, makeTempDir } from './helpers/lfw-fixture';

const dir = makeTempDir('ae-cache-');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function faces(): CachedFaces {
  const pixels = Uint8Array.from({ length: 2 * 2 * 3 * 3 }, (_, i) => (i * 37) % 256);
  const attributes = pl.DataFrame([pl.Series('person', ['A B', 'C D']), pl.Series('imagenum', new Int32Array([1, 4])), pl.Series('Male', new Float64Array([0.5, -1]))]);
  return { pixels, count: 2, height: 2, width: 3, channels: 3, attributes };
}

test('writeFaceCache() then readFaceCache() with the same key gives the same pixels and attributes', () => {
  const file = path.join(dir, 'sub', 'a.faces');
  const key = cacheKey({ dimx: 3 });
  writeFaceCache(file, key, faces());
  const read = readFaceCache(file, key);
  assert.ok(read !== null);
  assert.deepEqual(Array.from(read.pixels), Array.from(faces().pixels));
  assert.deepEqual([read.count, read.height, read.width, read.channels], [2, 2, 3, 3]);
  assert.ok(read.attributes.frameEqual(faces().attributes));
  assert.deepEqual(listFiles(path.join(dir, 'sub')), ['a.faces']);
});

test('readFaceCache() is a miss for another key, a missing file or a damaged file', () => {
  const file = path.join(dir, 'b.faces');
  writeFaceCache(file, cacheKey({ dimx: 3 }), faces());
  assert.equal(readFaceCache(file, cacheKey({ dimx: 4 })), null);
  assert.equal(readFaceCache(path.join(dir, 'none.faces'), 'k'), null);
  const whole = fs.readFileSync(file);
  fs.writeFileSync(file, whole.subarray(0, whole.length - 10));
  assert.equal(readFaceCache(file, cacheKey({ dimx: 3 })), null);
  fs.writeFileSync(file, 'garbage');
  assert.equal(readFaceCache(file, cacheKey({ dimx: 3 })), null);
});

test('cacheKey() ignores key order and changes with any value', () => {
  assert.equal(cacheKey({ a: 1, b: { c: 2, d: 3 } }), cacheKey({ b: { d: 3, c: 2 }, a: 1 }));
  assert.notEqual(cacheKey({ a: 1 }), cacheKey({ a: 2 }));
  assert.match(cacheKey({}), /^[0-9a-f]{64}$/);
});

test('fileStamp(file) gives name, size and mtime, so a rewritten source changes the key', () => {
  const file = path.join(dir, 'src.txt');
  fs.writeFileSync(file, 'abc');
  fs.utimesSync(file, new Date(1_000_000), new Date(1_000_000));
  assert.deepEqual(fileStamp(file), { name: 'src.txt', size: 3, mtimeMs: 1_000_000 });
});

test('writeFaceCache() leaves no file at all when it fails', () => {
  const blocked = path.join(dir, 'blocked');
  fs.mkdirSync(blocked);
  fs.mkdirSync(path.join(blocked, 'c.faces')); // a folder where the file should go: rename fails
  assert.throws(() => writeFaceCache(path.join(blocked, 'c.faces'), 'k', faces()));
  assert.deepEqual(fs.readdirSync(blocked), ['c.faces']);
  const bad = { ...faces(), count: 3 };
  assert.throws(() => writeFaceCache(path.join(dir, 'd.faces'), 'k', bad), /internal error: writeFaceCache: .* do not match 3 faces/);
  assert.equal(fs.existsSync(path.join(dir, 'd.faces')), false);
});
