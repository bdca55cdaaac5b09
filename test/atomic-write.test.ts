import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import {
  STALE_TEMP_AGE_MS,
  removeStaleTemps,
  tempSiblingOf,
  writeFileAtomic,
  writeFileAtomicWith,
  writeFolderAtomically,
} from '../src/atomic-write';
import { runEval } from './helpers/run-script';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-atomic-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

const moduleUrl = JSON.stringify(path.join(__dirname, '../src/atomic-write.ts'));

/** Kills the child process on the spot, as a crash or a power cut would: no exit handler, no cleanup. */
const CRASH = "process.kill(process.pid, 'SIGKILL')";

/** Runs `body` in a child Node process that has the atomic-write module as `atomic`; the body may crash it on purpose. */
function runChild(body: string): NodeJS.Signals | number | null {
  const child = runEval(`const atomic = require(${moduleUrl});\n(async () => {\n${body}\n})();`);
  return child.signal ?? child.status;
}

function ageBy(file: string, ms: number): void {
  const then = new Date(Date.now() - ms);
  fs.utimesSync(file, then, then);
}

test('tempSiblingOf(target) names one hidden temporary per call beside the target: .<name>.tmp-<pid>-<random>', () => {
  const target = path.join(scratch, 'lfw.tgz');
  const a = tempSiblingOf(target);
  assert.equal(path.dirname(a), scratch);
  assert.match(path.basename(a), new RegExp(`^\\.lfw\\.tgz\\.tmp-${process.pid}-[0-9a-f]{8}$`));
  assert.notEqual(tempSiblingOf(target), a);
});

test('writeFileAtomic(file, content) creates the folder, replaces the file and leaves no temporary file', () => {
  const file = path.join(scratch, 'new', 'folder', 'out.json');
  writeFileAtomic(file, '{"a":1}\n');
  writeFileAtomic(file, new Uint8Array([0x7b, 0x7d]));
  assert.equal(fs.readFileSync(file, 'utf8'), '{}');
  writeFileAtomic(file, [new Uint8Array([0x5b]), new Uint8Array([0x31, 0x5d])]);
  assert.equal(fs.readFileSync(file, 'utf8'), '[1]', 'chunks are written one after the other');
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['out.json']);
});

test('writeFileAtomic(file, content) rethrows a failed write and removes its temporary file', () => {
  const dir = path.join(scratch, 'fails');
  fs.mkdirSync(path.join(dir, 'taken'), { recursive: true }); // a folder where the file should go: the rename fails
  assert.throws(() => writeFileAtomic(path.join(dir, 'taken'), 'text'), /EISDIR|EEXIST|ENOTEMPTY|EPERM/);
  assert.deepEqual(fs.readdirSync(dir), ['taken']);
  assert.deepEqual(fs.readdirSync(path.join(dir, 'taken')), []);
});

test('writeFileAtomicWith(file, write) never shows a partial file: the old content stays until the write is complete', async () => {
  const dir = path.join(scratch, 'with');
  const file = path.join(dir, 'lfw.tgz');
  writeFileAtomic(file, 'old');
  const seen = await writeFileAtomicWith(file, async (temp) => {
    fs.writeFileSync(temp, 'half');
    const during = { content: fs.readFileSync(file, 'utf8'), visible: fs.readdirSync(dir).filter((n) => !n.startsWith('.')) };
    fs.appendFileSync(temp, ' and the rest');
    return during;
  });
  assert.deepEqual(seen, { content: 'old', visible: ['lfw.tgz'] });
  assert.equal(fs.readFileSync(file, 'utf8'), 'half and the rest');
  await assert.rejects(
    writeFileAtomicWith(file, async (temp) => {
      fs.writeFileSync(temp, 'broken');
      throw new Error('transfer stopped');
    }),
    /transfer stopped/,
  );
  assert.equal(fs.readFileSync(file, 'utf8'), 'half and the rest', 'a failed write keeps the previous file');
  assert.deepEqual(fs.readdirSync(dir), ['lfw.tgz'], 'and removes its temporary');
});

test('removeStaleTemps(target, now) removes old temporaries of that target only, and spares recent ones', () => {
  const dir = path.join(scratch, 'stale');
  fs.mkdirSync(dir);
  const target = path.join(dir, 'lfw.tgz');
  const old = tempSiblingOf(target);
  const recent = tempSiblingOf(target);
  const otherTarget = tempSiblingOf(path.join(dir, 'other.tgz'));
  for (const file of [old, recent, otherTarget, target]) fs.writeFileSync(file, 'x');
  ageBy(old, STALE_TEMP_AGE_MS + 60_000);
  ageBy(otherTarget, STALE_TEMP_AGE_MS + 60_000);
  ageBy(recent, STALE_TEMP_AGE_MS - 60_000);
  removeStaleTemps(target);
  assert.deepEqual(fs.readdirSync(dir).sort(), [path.basename(otherTarget), path.basename(recent), 'lfw.tgz'].sort());
  removeStaleTemps(target, Date.now() + 120_000); // the clock is injectable: two minutes later, `recent` is stale too
  assert.deepEqual(fs.readdirSync(dir).sort(), [path.basename(otherTarget), 'lfw.tgz'].sort());
  removeStaleTemps(path.join(scratch, 'missing', 'x')); // no folder: nothing to do, no error
});

test('a temporary file left by a writer that crashed mid-write is never visible, and the next write cleans it once stale', () => {
  const dir = path.join(scratch, 'crash-file');
  const file = path.join(dir, 'faces.bin');
  fs.mkdirSync(dir);
  fs.writeFileSync(file, 'previous');
  const status = runChild(`await atomic.writeFileAtomicWith(${JSON.stringify(file)}, async (temp) => {
    require('node:fs').writeFileSync(temp, 'half-writ');
    ${CRASH}; // the process dies in the middle of the write
  });`);
  assert.equal(status, 'SIGKILL');
  const leftovers = fs.readdirSync(dir).filter((n) => n !== 'faces.bin');
  assert.equal(leftovers.length, 1, 'the crash left its temporary behind');
  assert.equal(fs.readFileSync(file, 'utf8'), 'previous', 'readers still see the complete previous file');
  writeFileAtomic(file, 'next');
  assert.equal(fs.readdirSync(dir).length, 2, 'a recent temporary may belong to a live writer: spared');
  ageBy(path.join(dir, leftovers[0]), STALE_TEMP_AGE_MS + 60_000);
  writeFileAtomic(file, 'after');
  assert.deepEqual(fs.readdirSync(dir), ['faces.bin'], 'the stale temporary is removed by the next write');
  assert.equal(fs.readFileSync(file, 'utf8'), 'after');
});

test('a folder save that crashed midway keeps the previous folder whole, and the next save cleans its temporary once stale', async () => {
  const parent = path.join(scratch, 'crash-folder');
  const dir = path.join(parent, 'model');
  await writeFolderAtomically(dir, new Map<string, string | Uint8Array>([['a.json', '1'], ['sub/b.bin', new Uint8Array([2])]]));
  // The child's file list ends the process after its first file has been written into the temporary folder.
  const status = runChild(`class Dying extends Map { *[Symbol.iterator]() { yield ['a.json', '9']; ${CRASH}; } }
    await atomic.writeFolderAtomically(${JSON.stringify(dir)}, new Dying([['a.json', '9'], ['c.json', '9']]));`);
  assert.equal(status, 'SIGKILL');
  const leftovers = fs.readdirSync(parent).filter((n) => n !== 'model');
  assert.equal(leftovers.length, 1);
  assert.match(leftovers[0], /^\.model\.tmp-\d+-[0-9a-f]{8}$/, 'folders follow the same temporary naming rule as files');
  assert.deepEqual(fs.readdirSync(dir).sort(), ['a.json', 'sub']);
  assert.equal(fs.readFileSync(path.join(dir, 'a.json'), 'utf8'), '1', 'the previous folder is untouched');
  ageBy(path.join(parent, leftovers[0]), STALE_TEMP_AGE_MS + 60_000);
  await writeFolderAtomically(dir, new Map([['a.json', '2']]));
  assert.deepEqual(fs.readdirSync(parent), ['model']);
  assert.deepEqual(fs.readdirSync(dir), ['a.json']);
});
