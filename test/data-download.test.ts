import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { DownloadError, STALE_TEMP_AGE_MS, downloadFile, tempSiblingOf, type IdleWatchdog, type TransferProgress } from '../src/internal';
import { listFiles, makeTempDir } from './helpers/lfw-fixture';
import { startLocalServer, unusedPort, type LocalServer } from './helpers/local-server';

const BODY = crypto.randomBytes(200_000);
const SHA = crypto.createHash('sha256').update(BODY).digest('hex');
let server: LocalServer;
let base = '';
let closedPort = '';
const dir = makeTempDir('ae-dl-');

before(async () => {
  server = await startLocalServer((req, res) => {
    if (req.url === '/file' || req.url === '/other') {
      res.writeHead(200, { 'Content-Length': BODY.length });
      res.end(req.url === '/file' ? BODY : Buffer.from(BODY).fill(1, 0, 10));
    } else if (req.url === '/redirect') {
      res.writeHead(302, { Location: '/file' });
      res.end();
    } else if (req.url === '/truncated') {
      res.writeHead(200, { 'Content-Length': BODY.length });
      res.write(BODY.subarray(0, 50_000), () => res.destroy());
    } else if (req.url === '/stalls') {
      res.writeHead(200, { 'Content-Length': BODY.length });
      res.write(BODY.subarray(0, 1000));
    } else {
      res.writeHead(404);
      res.end('not here');
    }
  });
  base = server.base;
  closedPort = await unusedPort();
});

after(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function target(name: string): { folder: string; file: string } {
  const folder = path.join(dir, name);
  return { folder, file: path.join(folder, 'lfw.tgz') };
}

test('downloadFile(urls, dest, {sha256}) writes the verified file and reports progress', async () => {
  const { folder, file } = target('ok');
  const progress: TransferProgress[] = [];
  const result = await downloadFile([`${base}/redirect`], file, { sha256: SHA, onProgress: (p) => progress.push(p) });
  assert.deepEqual(fs.readFileSync(file), BODY);
  assert.equal(result.sha256, SHA);
  assert.equal(result.bytes, BODY.length);
  assert.ok(progress.length >= 2);
  assert.deepEqual(progress.at(-1), { ...progress.at(-1), done: BODY.length, total: BODY.length, finished: true });
  assert.deepEqual(listFiles(folder), ['lfw.tgz']);
});

test('downloadFile() falls back to the next mirror when one fails', async () => {
  const { file } = target('fallback');
  const result = await downloadFile([`${base}/missing`, `http://127.0.0.1:${closedPort}/x`, `${base}/file`], file, { sha256: SHA, quiet: true });
  assert.equal(result.url, `${base}/file`);
  assert.deepEqual(fs.readFileSync(file), BODY);
});

test('downloadFile() rejects a download whose checksum does not match and keeps nothing', async () => {
  const { folder, file } = target('checksum');
  await assert.rejects(downloadFile([`${base}/other`], file, { sha256: SHA, quiet: true }), (error: unknown) => {
    assert.ok(error instanceof DownloadError);
    assert.equal(error.checksumMismatch, true);
    assert.match(error.message, /Le fichier téléchargé lfw\.tgz ne correspond pas à sa somme de contrôle publiée.*rien n'a été gardé.*somme de contrôle différente : sha256 attendu [0-9a-f]{64}, reçu [0-9a-f]{64}/s);
    assert.match(error.message, new RegExp(`sha256 attendu ${SHA}, reçu [0-9a-f]{64}`));
    return true;
  });
  assert.deepEqual(listFiles(folder), []);
});

test('downloadFile() of a transfer cut short keeps nothing', async () => {
  const { folder, file } = target('truncated');
  await assert.rejects(downloadFile([`${base}/truncated`], file, { quiet: true }), /(Aucun miroir de lfw\.tgz n'est joignable|Impossible de télécharger lfw\.tgz)[\s\S]*\/truncated : /);
  assert.deepEqual(listFiles(folder), []);
});

test('downloadFile() gives up on a mirror that stops sending, and keeps nothing', async () => {
  const { folder, file } = target('stalls');
  // The watchdog fires as soon as the first data has arrived: the server then sends nothing more, whatever the clock says.
  const idleWatchdog: IdleWatchdog = (ms, onIdle) => {
    assert.equal(ms, 45_000);
    return { touch: () => setImmediate(onIdle), stop: () => undefined };
  };
  await assert.rejects(downloadFile([`${base}/stalls`], file, { quiet: true, idleTimeoutMs: 45_000, idleWatchdog }), /aucune donnée reçue pendant 45 s après 1000 octets/);
  assert.deepEqual(listFiles(folder), []);
});

test('downloadFile() when no mirror can be reached says it looks offline', async () => {
  const { folder, file } = target('offline');
  await assert.rejects(downloadFile([`http://127.0.0.1:${closedPort}/lfw.tgz`], file, { quiet: true }), (error: unknown) => {
    assert.ok(error instanceof DownloadError);
    assert.equal(error.offline, true);
    assert.match(error.message, /Aucun miroir de lfw\.tgz n'est joignable \(machine hors ligne \?\)/);
    assert.match(error.message, /ECONNREFUSED/);
    return true;
  });
  assert.deepEqual(listFiles(folder), []);
});

test('downloadFile() reports an HTTP error status', async () => {
  const { file } = target('404');
  await assert.rejects(downloadFile([`${base}/missing`], file, { quiet: true }), /Impossible de télécharger lfw\.tgz\.\n.* : le serveur a répondu HTTP 404/);
});

test('downloadFile() removes temp files left by an interrupted earlier download', async () => {
  const { folder, file } = target('stale');
  fs.mkdirSync(folder, { recursive: true });
  const stale = tempSiblingOf(file); // the name every atomic writer gives its temporary
  fs.writeFileSync(stale, 'half');
  const old = new Date(Date.now() - STALE_TEMP_AGE_MS - 60_000);
  fs.utimesSync(stale, old, old);
  await downloadFile([`${base}/file`], file, { quiet: true });
  assert.deepEqual(listFiles(folder), ['lfw.tgz']);
});
