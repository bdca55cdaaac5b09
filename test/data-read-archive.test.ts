import { test, after, mock } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { checkEntryPath, readTarGz } from '../src/internal';
import { buildTarGz, type TarEntry } from '../tools';
import { makeTempDir } from './helpers/lfw-fixture';

const dir = makeTempDir();
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function archive(name: string, entries: TarEntry[]): Promise<string> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, await buildTarGz(entries));
  return file;
}

async function readAll(file: string, want?: (p: string) => boolean): Promise<{ path: string; text: string }[]> {
  const out: { path: string; text: string }[] = [];
  for await (const f of readTarGz(file, { want })) out.push({ path: f.path, text: f.data.toString() });
  return out;
}

const ENTRIES: TarEntry[] = [
  { name: 'lfw/', type: 'directory' },
  { name: 'lfw/A/A_0001.jpg', data: 'first' },
  { name: 'lfw/B/B_0001.jpg', data: 'second' },
  { name: 'lfw/notes.txt', data: 'skip me' },
];

test('the test archives are reproducible: the same entries give the same bytes on another day', async () => {
  const entries: TarEntry[] = [{ name: 'lfw/A/A_0001.jpg', data: 'x' }, { name: 'lfw/B', type: 'directory' }];
  mock.timers.enable({ apis: ['Date'], now: Date.parse('2030-01-01T00:00:00Z') }); // the clock is set, not waited for
  try {
    const first = await buildTarGz(entries);
    mock.timers.setTime(Date.parse('2030-01-02T12:34:56Z'));
    assert.equal(new Date().toISOString(), '2030-01-02T12:34:56.000Z');
    assert.ok(first.equals(await buildTarGz(entries)));
  } finally {
    mock.timers.reset();
  }
});

test('readTarGz(file) yields the regular files of a .tgz in archive order', async () => {
  const file = await archive('ok.tgz', ENTRIES);
  assert.deepEqual(await readAll(file), [
    { path: 'lfw/A/A_0001.jpg', text: 'first' },
    { path: 'lfw/B/B_0001.jpg', text: 'second' },
    { path: 'lfw/notes.txt', text: 'skip me' },
  ]);
});

test('readTarGz(file, {want}) skips the files it does not want', async () => {
  const file = await archive('want.tgz', ENTRIES);
  assert.deepEqual((await readAll(file, (p) => p.endsWith('.jpg'))).map((f) => f.path), ['lfw/A/A_0001.jpg', 'lfw/B/B_0001.jpg']);
});

test('readTarGz() can stop early without leaking the stream', async () => {
  const file = await archive('early.tgz', ENTRIES);
  for await (const f of readTarGz(file)) {
    assert.equal(f.path, 'lfw/A/A_0001.jpg');
    break;
  }
});

test('readTarGz() of a truncated archive says it is truncated and what to do', async () => {
  const whole = await buildTarGz([...ENTRIES, { name: 'lfw/C/C_0001.jpg', data: Buffer.alloc(20000, 7) }]);
  const file = path.join(dir, 'truncated.tgz');
  fs.writeFileSync(file, whole.subarray(0, whole.length - 40));
  await assert.rejects(readAll(file), /L'archive .*truncated\.tgz est tronquée \(.*\)\. Supprimez-la et téléchargez-la de nouveau/);
});

test('readTarGz() of a file that is not gzip says it is corrupt', async () => {
  const file = path.join(dir, 'corrupt.tgz');
  fs.writeFileSync(file, Buffer.from('definitely not a gzip stream, just text'));
  await assert.rejects(readAll(file), /L'archive .*corrupt\.tgz est abîmée \(.*header.*\)\. Supprimez-la et téléchargez-la de nouveau/);
});

test('readTarGz() of valid gzip holding something that is not a tar says it is corrupt', async () => {
  const file = path.join(dir, 'not-tar.tgz');
  fs.writeFileSync(file, zlib.gzipSync(Buffer.alloc(4096, 0x41)));
  await assert.rejects(readAll(file), /L'archive .*not-tar\.tgz est abîmée \(.*\)\. Supprimez-la et téléchargez-la de nouveau/);
});

test('readTarGz() of a missing file says where to put the archive', async () => {
  await assert.rejects(readAll(path.join(dir, 'absent.tgz')), /L'archive .*absent\.tgz n'existe pas\. Placez-y l'archive LFW, ou réglez AE_DATA_DIR sur le dossier qui la contient/);
});

test('readTarGz() refuses an entry that climbs out with ".." or is absolute, or a link pointing out', async () => {
  const climbing = await archive('climb.tgz', [...ENTRIES.slice(0, 2), { name: 'lfw/../../etc/A_0001.jpg', data: 'x' }]);
  await assert.rejects(readAll(climbing), /Entrée dangereuse « lfw\/\.\.\/\.\.\/etc\/A_0001\.jpg » dans .*climb\.tgz : son chemin sort du dossier de l'archive.*supprimez-la et téléchargez-la de nouveau/);
  const absolute = await archive('absolute.tgz', [{ name: '/tmp/A_0001.jpg', data: 'x' }]);
  await assert.rejects(readAll(absolute), /Entrée dangereuse « \/tmp\/A_0001\.jpg »/);
  const link = await archive('link.tgz', [{ name: 'lfw/evil', type: 'symlink', linkname: '../../../etc/passwd' }]);
  await assert.rejects(readAll(link), /Entrée dangereuse « \.\.\/\.\.\/\.\.\/etc\/passwd »/);
});

test('checkEntryPath() accepts ordinary relative paths and rejects Windows drive paths', () => {
  checkEntryPath('lfw/A/A_0001.jpg');
  checkEntryPath('./lfw/A..B/x.jpg');
  assert.throws(() => checkEntryPath('C:\\Windows\\x.jpg'), /Entrée dangereuse « C:\\Windows\\x\.jpg » dans l'archive :/);
  assert.throws(() => checkEntryPath('lfw\\..\\..\\x.jpg'), /Entrée dangereuse/);
});
