import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pl from 'nodejs-polars';
import {
  courseEpochs,
  modelDir,
  modelsDir,
  hasModel,
  requireModel,
  listSavedModels,
  deleteCourseModel,
  historyPath,
  saveHistory,
  loadHistory,
  writeJsonAtomic,
  readJson,
  formatMse,
  pickIndices,
  shuffledIndices,
  courseVersion,
  loadCourseData,
  disposeCourseData,
  readArchiveSample,
  checkpointDir,
  relativeToRepo,
  dependencyVersions,
  saveCourseModel,
} from '../src/internal';
import { buildPcaAutoencoder, disposeAutoencoder } from '../src/models';
import { tf } from '../src/tf';
import { repoRoot } from '../src/paths';
import { makeLfwDataDir, FIXTURE_PHOTOS, FIXTURE_CROP } from './helpers/lfw-fixture';

const saved = { work: process.env.AE_WORK_DIR, quick: process.env.AE_QUICK };
let work = '';

before(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'course-test-'));
  process.env.AE_WORK_DIR = work;
});

after(() => {
  fs.rmSync(work, { recursive: true, force: true });
  for (const [key, value] of [['AE_WORK_DIR', saved.work], ['AE_QUICK', saved.quick]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

test('courseEpochs(25) gives 25 in full mode and at most 2 in quick mode', () => {
  process.env.AE_QUICK = '';
  delete process.env.AE_QUICK;
  assert.equal(courseEpochs(25), 25);
  process.env.AE_QUICK = '1';
  assert.equal(courseEpochs(25), 2);
  assert.equal(courseEpochs(1), 1);
  delete process.env.AE_QUICK;
  assert.throws(() => courseEpochs(0), /courseEpochs\(0\) : le nombre d'époques doit être un entier strictement positif/);
});

test('modelDir(name) is <work>/models/<name> and rejects path-like names', () => {
  assert.equal(modelsDir(), path.join(work, 'models'));
  assert.equal(modelDir('pca-32'), path.join(work, 'models', 'pca-32'));
  assert.throws(() => modelDir('../escape'), /modelDir\('\.\.\/escape'\) : choisissez un nom simple/);
});

test('requireModel(name, part) says which part to run when the model is missing', async () => {
  assert.equal(hasModel('deep-32'), false);
  await assert.rejects(requireModel('deep-32', 20), /Modèle introuvable : exécutez d'abord la partie 20/);
});

test('listSavedModels() lists saved models only, with every file and its size', () => {
  const dir = path.join(work, 'models', 'b-model');
  fs.mkdirSync(path.join(dir, 'encoder'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'autoencoder.json'), '{}');
  fs.writeFileSync(path.join(dir, 'encoder', 'weights.bin'), Buffer.alloc(10));
  fs.mkdirSync(path.join(work, 'models', 'a-half-written'), { recursive: true });
  const models = listSavedModels();
  assert.deepEqual(models.map((m) => m.name), ['b-model']);
  assert.deepEqual(models[0].files, [{ file: 'autoencoder.json', bytes: 2 }, { file: 'encoder/weights.bin', bytes: 10 }]);
  assert.equal(models[0].bytes, 12);
  assert.equal(hasModel('b-model'), true);
  fs.rmSync(path.join(work, 'models'), { recursive: true });
});

test('saveCourseModel(ae, name) then requireModel(name, part) gives back the same predictions', async () => {
  const ae = buildPcaAutoencoder([4, 4, 3], 2, { seed: 1 });
  const loaded = await (async () => {
    await saveCourseModel(ae, 'tiny');
    return requireModel('tiny', 11);
  })();
  const x = tf.ones([1, 4, 4, 3]);
  const a = ae.autoencoder.predict(x) as tf.Tensor;
  const b = loaded.autoencoder.predict(x) as tf.Tensor;
  assert.deepEqual(Array.from(a.dataSync()), Array.from(b.dataSync()));
  tf.dispose([x, a, b]);
  disposeAutoencoder(ae);
  disposeAutoencoder(loaded);
  fs.rmSync(path.join(work, 'models'), { recursive: true });
});

test('deleteCourseModel(name) removes a saved model and refuses a name that is not one', async () => {
  const ae = buildPcaAutoencoder([4, 4, 3], 2, { seed: 1 });
  await saveCourseModel(ae, 'copy');
  disposeAutoencoder(ae);
  fs.mkdirSync(path.join(work, 'models', 'not-a-model'), { recursive: true });
  assert.throws(() => deleteCourseModel('not-a-model'), /aucun modèle enregistré sous le nom « not-a-model ».*rien n'a été supprimé/);
  assert.ok(fs.existsSync(path.join(work, 'models', 'not-a-model')));
  deleteCourseModel('copy');
  assert.equal(hasModel('copy'), false);
  assert.equal(fs.existsSync(modelDir('copy')), false);
  fs.rmSync(path.join(work, 'models'), { recursive: true });
});

test('saveHistory(name, frame) then loadHistory(name) round-trips the rows', () => {
  const history = pl.DataFrame({ epoch: [1, 2], loss: [0.02, 0.01], val_loss: [0.021, 0.012], seconds: [1.5, 1.4] });
  const file = saveHistory('pca-32', history);
  assert.equal(file, historyPath('pca-32'));
  const back = loadHistory('pca-32');
  assert.deepEqual(back.shape, { height: 2, width: 4 });
  assert.deepEqual(back.getColumn('loss').toArray(), [0.02, 0.01]);
  assert.throws(() => loadHistory('missing', 11), /Historique introuvable : exécutez d'abord la partie 11/);
});

test('writeJsonAtomic(file, value) sorts keys and leaves no temp file', () => {
  const file = path.join(work, 'histories', 'code-sizes.json');
  writeJsonAtomic(file, { b: 1, a: [{ z: 1, y: 2 }] });
  assert.equal(fs.readFileSync(file, 'utf8'), '{\n  "a": [\n    {\n      "y": 2,\n      "z": 1\n    }\n  ],\n  "b": 1\n}\n');
  assert.deepEqual(readJson(file), { a: [{ y: 2, z: 1 }], b: 1 });
  assert.deepEqual(fs.readdirSync(path.dirname(file)).filter((f) => f.includes('.tmp')), []);
});

test('formatMse(0.00657) prints the course line "Final MSE: 0.0066"', () => {
  assert.equal(formatMse(0.00657), 'Final MSE: 0.0066');
  assert.equal(formatMse(0.1, 'Test MSE'), 'Test MSE: 0.1000');
  assert.throws(() => formatMse(Number.NaN), /la MSE n'est pas un nombre fini/);
});

test('pickIndices(n, count, seed) gives the same distinct indices for the same seed', () => {
  const a = pickIndices(100, 10, 7);
  assert.deepEqual(a, pickIndices(100, 10, 7));
  assert.notDeepEqual(a, pickIndices(100, 10, 8));
  assert.equal(new Set(a).size, 10);
  assert.ok(a.every((i) => i >= 0 && i < 100));
  assert.deepEqual(pickIndices(3, 10, 1).sort(), [0, 1, 2]);
  assert.deepEqual(a, Array.from(shuffledIndices(100, 7).subarray(0, 10)), 'the picks are the start of the seeded shuffle');
  assert.throws(() => pickIndices(-1, 2), /pickIndices\(-1, 2\) : n et count doivent être des nombres entiers/);
});

test('courseVersion() reads the version from package.json', () => {
  assert.match(courseVersion(), /^\d+\.\d+\.\d+/);
});

test('loadCourseData(options) splits the faces 90/10 with attribute rows that follow, and leaks no tensor', async () => {
  const { dataDir } = await makeLfwDataDir();
  try {
    const before = tf.memory().numTensors;
    const data = await loadCourseData({ dataDir, dx: FIXTURE_CROP, dy: FIXTURE_CROP, dimx: 4, dimy: 4, quiet: true, testFraction: 0.34, seed: 1 });
    assert.deepEqual(data.imageShape, [4, 4, 3]);
    assert.deepEqual(data.train.shape, [4, 4, 4, 3]);
    assert.deepEqual(data.test.shape, [2, 4, 4, 3]);
    assert.equal(data.attributes.height, FIXTURE_PHOTOS.length);
    assert.deepEqual([...data.trainIndices, ...data.testIndices].sort(), [0, 1, 2, 3, 4, 5]);
    assert.equal(tf.memory().numTensors, before + 2);
    disposeCourseData(data);
    assert.equal(tf.memory().numTensors, before);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('readArchiveSample(archive, 2) returns the first two JPEG files with their bytes', async () => {
  const { dataDir, archivePath } = await makeLfwDataDir();
  try {
    const files = await readArchiveSample(archivePath, 2);
    assert.equal(files.length, 2);
    for (const file of files) {
      assert.match(file.path, /^lfw\/[^/]+\/[^/]+_\d{4}\.jpg$/);
      assert.equal(file.data[0], 0xff);
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('checkpointDir(name) keeps quick-mode checkpoints apart; relativeToRepo(path) gives repo-relative paths', () => {
  delete process.env.AE_QUICK;
  assert.equal(checkpointDir('deep-32'), path.join(work, 'checkpoints', 'deep-32'));
  process.env.AE_QUICK = '1';
  assert.equal(checkpointDir('deep-32'), path.join(work, 'checkpoints', 'quick', 'deep-32'));
  delete process.env.AE_QUICK;
  assert.equal(relativeToRepo(path.join(repoRoot(), 'dist', 'index.js')), 'dist/index.js');
  assert.equal(relativeToRepo(repoRoot()), '.');
});

test('dependencyVersions(root) reports installed packages, and null for a declared package that is not installed', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'course-versions-'));
  try {
    const manifest = { version: '3.1.4', dependencies: { zeta: '^1.0.0', alpha: '^2.0.0' }, optionalDependencies: { absent: '^9.0.0' } };
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify(manifest));
    for (const [name, version] of [['alpha', '2.5.0'], ['zeta', '1.0.7']]) {
      fs.mkdirSync(path.join(root, 'node_modules', name), { recursive: true });
      fs.writeFileSync(path.join(root, 'node_modules', name, 'package.json'), JSON.stringify({ version }));
    }
    const versions = dependencyVersions(root);
    assert.deepEqual(Object.entries(versions), [['absent', null], ['alpha', '2.5.0'], ['zeta', '1.0.7']], 'sorted by name');
    assert.equal(courseVersion(root), '3.1.4');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  assert.match(dependencyVersions()['@tensorflow/tfjs'] ?? '', /^4\./, 'the repository\'s own tfjs is found');
});
