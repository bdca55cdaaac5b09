import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { LFW_SOURCES, ensureLfwFiles, loadLfw } from '../src/internal';
import { buildTarGz } from '../tools';
import { FIXTURE_CROP, FIXTURE_PHOTOS, attributeText, fixtureEntries, listFiles, makeTempDir } from './helpers/lfw-fixture';
import { startLocalServer, unusedPort, type LocalServer } from './helpers/local-server';

let server: LocalServer;
let base = '';
let closedPort = '';
let archive: Buffer;
let archiveSha = '';
const attributes = attributeText(FIXTURE_PHOTOS);
const temps: string[] = [];
let requests: string[] = [];

before(async () => {
  archive = await buildTarGz(await fixtureEntries());
  archiveSha = crypto.createHash('sha256').update(archive).digest('hex');
  server = await startLocalServer((req, res) => {
    requests.push(req.url ?? '');
    const body = req.url === '/lfw.tgz' ? archive : req.url === '/lfw_attributes.txt' ? Buffer.from(attributes) : undefined;
    if (body === undefined) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Length': body.length });
    res.end(body);
  });
  base = server.base;
  closedPort = await unusedPort();
});

after(async () => {
  await server.close();
  temps.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
});

function tempDir(): string {
  const dir = makeTempDir();
  temps.push(dir);
  return dir;
}

const localSources = () => ({
  'lfw.tgz': { urls: [`${base}/lfw.tgz`], sha256: archiveSha },
  'lfw_attributes.txt': { urls: [`${base}/lfw_attributes.txt`] },
});

test('LFW_SOURCES lists the figshare mirror with its published sha256, and the official URLs', () => {
  assert.deepEqual(LFW_SOURCES['lfw.tgz'].urls, ['https://ndownloader.figshare.com/files/5976018', 'http://vis-www.cs.umass.edu/lfw/lfw.tgz']);
  assert.equal(LFW_SOURCES['lfw.tgz'].sha256, '055f7d9c632d7370e6fb4afc7468d40f970c34a80d4c6f50ffec63f5a8d536c0');
  assert.match(LFW_SOURCES['lfw-deepfunneled.tgz'].urls[0], /lfw-deepfunneled\.tgz$/);
  assert.match(LFW_SOURCES['lfw_attributes.txt'].urls[0], /columbia\.edu.*lfw_attributes\.txt$/);
});

test('ensureLfwFiles({dataDir}) finds present files without downloading, preferring lfw_attributes.txt', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'lfw.tgz'), archive);
  fs.writeFileSync(path.join(dir, 'lfw_attributes_binarized.txt'), attributes);
  requests = [];
  let files = await ensureLfwFiles({ dataDir: dir, sources: localSources() });
  assert.equal(files.attributesPath, path.join(dir, 'lfw_attributes_binarized.txt'));
  fs.writeFileSync(path.join(dir, 'lfw_attributes.txt'), attributes);
  files = await ensureLfwFiles({ dataDir: dir, sources: localSources() });
  assert.deepEqual(files, { dataDir: dir, archivePath: path.join(dir, 'lfw.tgz'), attributesPath: path.join(dir, 'lfw_attributes.txt'), downloaded: [] });
  assert.deepEqual(requests, []);
});

test('ensureLfwFiles() reads the folder from AE_DATA_DIR', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'lfw.tgz'), archive);
  fs.writeFileSync(path.join(dir, 'lfw_attributes.txt'), attributes);
  const saved = process.env.AE_DATA_DIR;
  process.env.AE_DATA_DIR = dir;
  try {
    assert.equal((await ensureLfwFiles({ download: false })).archivePath, path.join(dir, 'lfw.tgz'));
  } finally {
    if (saved === undefined) delete process.env.AE_DATA_DIR;
    else process.env.AE_DATA_DIR = saved;
  }
});

test('ensureLfwFiles() downloads the missing files, verified, into a new data folder', async () => {
  const dir = path.join(tempDir(), 'data');
  const seen: string[] = [];
  const files = await ensureLfwFiles({ dataDir: dir, sources: localSources(), onProgress: (file) => seen.push(file) });
  assert.deepEqual(files.downloaded, ['lfw.tgz', 'lfw_attributes.txt']);
  assert.deepEqual(listFiles(dir), ['lfw.tgz', 'lfw_attributes.txt']);
  assert.deepEqual(fs.readFileSync(files.archivePath), archive);
  assert.ok(seen.includes('lfw.tgz') && seen.includes('lfw_attributes.txt'));
});

test('loadLfw() on an empty folder downloads from the sources, then loads the faces', async () => {
  const dir = tempDir();
  const cacheDir = tempDir();
  const phases = new Set<string>();
  const { images, attributes: df } = await loadLfw({
    dataDir: dir,
    cacheDir,
    sources: localSources(),
    dx: FIXTURE_CROP,
    dy: FIXTURE_CROP,
    dimx: 4,
    dimy: 4,
    onProgress: (p) => phases.add(`${p.phase}:${p.file}`),
  });
  assert.deepEqual(images.shape, [FIXTURE_PHOTOS.length, 4, 4, 3]);
  assert.equal(df.height, FIXTURE_PHOTOS.length);
  assert.deepEqual([...phases].sort(), ['decode:lfw.tgz', 'download:lfw.tgz', 'download:lfw_attributes.txt']);
  images.dispose();
});

test('ensureLfwFiles() with a checksum mismatch keeps nothing and says what to do', async () => {
  const dir = tempDir();
  const sources = { ...localSources(), 'lfw.tgz': { urls: [`${base}/lfw.tgz`], sha256: '0'.repeat(64) } };
  await assert.rejects(ensureLfwFiles({ dataDir: dir, sources, quiet: true }), (error: Error) => {
    assert.match(error.message, /ne correspond pas à sa somme de contrôle publiée/);
    assert.match(error.message, /Réessayez plus tard, ou téléchargez le fichier à la main et vérifiez son sha256/);
    assert.match(error.message, new RegExp(`placez-les dans ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(ou réglez AE_DATA_DIR`));
    return true;
  });
  assert.deepEqual(listFiles(dir), []);
});

test('ensureLfwFiles() offline lists the files to download by hand, where to put them, and AE_DATA_DIR', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'lfw_attributes.txt'), attributes);
  const sources = { 'lfw.tgz': { urls: [`http://127.0.0.1:${closedPort}/lfw.tgz`], sha256: archiveSha } };
  await assert.rejects(ensureLfwFiles({ dataDir: dir, sources, quiet: true }), (error: Error) => {
    assert.match(error.message, /Aucun miroir de lfw\.tgz n'est joignable \(machine hors ligne \?\)/);
    assert.match(error.message, /Cette machine semble hors ligne\. Téléchargez à la main :\n  - lfw\.tgz : http:\/\/127\.0\.0\.1:\d+\/lfw\.tgz  \(sha256 [0-9a-f]{64}\)/);
    assert.doesNotMatch(error.message, /- lfw_attributes\.txt/);
    assert.match(error.message, /et placez-le dans .* \(ou réglez AE_DATA_DIR sur le dossier qui le contient\), puis relancez\./);
    return true;
  });
  assert.deepEqual(listFiles(dir), ['lfw_attributes.txt']);
});

test('ensureLfwFiles({download: false}) names the official sources of every missing file', async () => {
  const dir = tempDir();
  await assert.rejects(ensureLfwFiles({ dataDir: dir, variant: 'lfw-deepfunneled', download: false }), (error: Error) => {
    assert.match(error.message, /Données LFW absentes de .* : lfw-deepfunneled\.tgz, lfw_attributes\.txt \(téléchargements désactivés\)/);
    assert.match(error.message, /lfw-deepfunneled\.tgz : http:\/\/vis-www\.cs\.umass\.edu\/lfw\/lfw-deepfunneled\.tgz/);
    assert.match(error.message, /lfw_attributes\.txt : http:\/\/www\.cs\.columbia\.edu/);
    assert.match(error.message, /et placez-les dans .* \(ou réglez AE_DATA_DIR sur le dossier qui les contient\), puis relancez\./);
    return true;
  });
});
