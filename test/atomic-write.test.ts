import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { removeStaleTemps, writeFileAtomic } from '../src/atomic-write';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-atomic-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

test('writeFileAtomic(file, content) creates the folder, replaces the file and leaves no temporary file', () => {
  const file = path.join(scratch, 'new', 'folder', 'out.json');
  writeFileAtomic(file, '{"a":1}\n');
  writeFileAtomic(file, new Uint8Array([0x7b, 0x7d]));
  assert.equal(fs.readFileSync(file, 'utf8'), '{}');
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['out.json']);
});

test('writeFileAtomic(file, content) rethrows a failed write and removes its temporary file', () => {
  const dir = path.join(scratch, 'fails');
  fs.mkdirSync(path.join(dir, 'taken'), { recursive: true }); // a folder where the file should go: the rename fails
  assert.throws(() => writeFileAtomic(path.join(dir, 'taken'), 'text'));
  assert.deepEqual(fs.readdirSync(dir), ['taken']);
  assert.deepEqual(fs.readdirSync(path.join(dir, 'taken')), []);
});

test('removeStaleTemps(file, marker) removes old temporary files of that file only, and spares recent ones', () => {
  const dir = path.join(scratch, 'stale');
  fs.mkdirSync(dir);
  const hourAgo = new Date(Date.now() - 3600_000);
  for (const name of ['lfw.tgz.download-1-aa', 'lfw.tgz.download-2-bb', 'other.tgz.download-3-cc', 'lfw.tgz']) {
    fs.writeFileSync(path.join(dir, name), 'x');
    if (name !== 'lfw.tgz.download-2-bb') fs.utimesSync(path.join(dir, name), hourAgo, hourAgo);
  }
  removeStaleTemps(path.join(dir, 'lfw.tgz'), '.download-');
  assert.deepEqual(fs.readdirSync(dir).sort(), ['lfw.tgz', 'lfw.tgz.download-2-bb', 'other.tgz.download-3-cc']);
  removeStaleTemps(path.join(scratch, 'missing', 'x'), '.tmp-'); // no folder: nothing to do, no error
});
