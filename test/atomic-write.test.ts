import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { writeFileAtomic } from '../src/atomic-write';

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
