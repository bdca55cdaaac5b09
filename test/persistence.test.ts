import { spawnSync } from 'child_process';
import assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, linkSync, readdirSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { tf } from '../src/tf';
import { buildDeepAutoencoder, buildPcaAutoencoder, disposeAutoencoder, type Autoencoder } from '../src/models';
import { loadAutoencoder, loadWeightsInto, readModelArtifacts, saveAutoencoder, writeFolderAtomically } from '../src/internal';
import { tensorCount } from './helpers/memory';

let scratch: string;
let images: tf.Tensor4D;

before(async () => {
  await tf.setBackend('cpu');
  scratch = mkdtempSync(path.join(os.tmpdir(), 'ae-persistence-test-'));
  images = tf.randomUniform([3, 8, 8, 3], 0, 1, 'float32', 21) as tf.Tensor4D;
});

after(() => {
  images.dispose();
  chmodSync(scratch, 0o700);
  rmSync(scratch, { recursive: true, force: true });
});

function predictions(ae: Autoencoder, x: tf.Tensor = images): number[] {
  return tf.tidy(() => Array.from((ae.autoencoder.predict(x) as tf.Tensor).dataSync()));
}

function hiddenSiblings(dir: string): string[] {
  return readdirSync(path.dirname(dir)).filter((n) => n.startsWith(`.${path.basename(dir)}.`));
}

test('saveAutoencoder(ae, dir) then loadAutoencoder(dir) gives identical predictions', async () => {
  const dir = path.join(scratch, 'pca');
  const ae = buildPcaAutoencoder([8, 8, 3], 4, { seed: 1 });
  await saveAutoencoder(ae, dir);
  const before = tensorCount();
  const loaded = await loadAutoencoder(dir);
  assert.deepEqual(loaded.imageShape, [8, 8, 3]);
  assert.equal(loaded.codeSize, 4);
  assert.equal(loaded.kind, 'pca');
  assert.equal(loaded.autoencoder.optimizer.getClassName(), 'Adamax');
  assert.deepEqual(predictions(loaded), predictions(ae));
  const codes = tf.tidy(() => [ae, loaded].map((m) => Array.from((m.encoder.predict(images) as tf.Tensor).dataSync())));
  assert.deepEqual(codes[1], codes[0]);
  disposeAutoencoder(loaded);
  assert.equal(tensorCount(), before, 'loading then disposing leaves no tensor behind');
  disposeAutoencoder(ae);
});

test('saveAutoencoder round-trips the convolutional autoencoder too', async () => {
  const dir = path.join(scratch, 'deep');
  const ae = buildDeepAutoencoder([16, 16, 3], 8, { seed: 2 });
  const x = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 22);
  await saveAutoencoder(ae, dir);
  const loaded = await loadAutoencoder(dir);
  assert.equal(loaded.kind, 'deep');
  assert.deepEqual(predictions(loaded, x), predictions(ae, x));
  x.dispose();
  [ae, loaded].forEach(disposeAutoencoder);
});

test('saveAutoencoder writes the TensorFlow.js layers format: encoder/ and decoder/ model.json + weights.bin, model.json, autoencoder.json', async () => {
  const dir = path.join(scratch, 'layout');
  const ae = buildPcaAutoencoder([8, 8, 3], 4, { seed: 3 });
  await saveAutoencoder(ae, dir);
  assert.deepEqual(readdirSync(dir).sort(), ['autoencoder.json', 'decoder', 'encoder', 'model.json']);
  for (const part of ['encoder', 'decoder']) {
    assert.deepEqual(readdirSync(path.join(dir, part)).sort(), ['model.json', 'weights.bin']);
    const modelJson = JSON.parse(readFileSync(path.join(dir, part, 'model.json'), 'utf8'));
    assert.equal(modelJson.format, 'layers-model');
    assert.deepEqual(modelJson.weightsManifest[0].paths, ['weights.bin']);
    // Any TensorFlow.js loader reads it (here through tf.io.fromMemory).
    const model = await tf.loadLayersModel(tf.io.fromMemory(await readModelArtifacts(path.join(dir, part, 'model.json'))));
    assert.equal(model.weights.length, 2);
    model.dispose();
  }
  // The top-level model.json is the whole autoencoder, reusing the two weight files.
  const whole = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
  assert.deepEqual(whole.weightsManifest.map((g: { paths: string[] }) => g.paths), [['encoder/weights.bin'], ['decoder/weights.bin']]);
  const chained = await tf.loadLayersModel(tf.io.fromMemory(await readModelArtifacts(path.join(dir, 'model.json'))));
  assert.deepEqual(tf.tidy(() => Array.from((chained.predict(images) as tf.Tensor).dataSync())), predictions(ae));
  chained.dispose();
  const meta = JSON.parse(readFileSync(path.join(dir, 'autoencoder.json'), 'utf8'));
  assert.deepEqual({ kind: meta.kind, imageShape: meta.imageShape, codeSize: meta.codeSize }, { kind: 'pca', imageShape: [8, 8, 3], codeSize: 4 });
  disposeAutoencoder(ae);
});

test('saveAutoencoder replaces an existing model and leaves no temporary folder', async () => {
  const dir = path.join(scratch, 'replace');
  const a = buildPcaAutoencoder([8, 8, 3], 4, { seed: 4 });
  const b = buildPcaAutoencoder([8, 8, 3], 4, { seed: 5 });
  await saveAutoencoder(a, dir);
  writeFileSync(path.join(dir, 'stale.txt'), 'from the old save');
  await saveAutoencoder(b, dir);
  const loaded = await loadAutoencoder(dir);
  assert.deepEqual(predictions(loaded), predictions(b));
  assert.equal(existsSync(path.join(dir, 'stale.txt')), false, 'the folder is replaced as a whole');
  assert.deepEqual(hiddenSiblings(dir), []);
  [a, b, loaded].forEach(disposeAutoencoder);
});

test('a save that fails half-way keeps the previous contents and cleans up', async () => {
  const dir = path.join(scratch, 'half-way');
  await writeFolderAtomically(dir, new Map([['keep.txt', 'previous']]));
  // 'a' is written as a file, then 'a/b' cannot be created: the write fails in the middle.
  await assert.rejects(writeFolderAtomically(dir, new Map([['a', 'x'], ['a/b', 'y']])), /Impossible d'écrire « .*half-way ».*ce qui y était déjà enregistré est intact/);
  assert.equal(readFileSync(path.join(dir, 'keep.txt'), 'utf8'), 'previous');
  assert.deepEqual(readdirSync(dir), ['keep.txt']);
  assert.deepEqual(hiddenSiblings(dir), []);
});

test('loadAutoencoder(dir) recovers the previous model when a save died between its two renames', async () => {
  const dir = path.join(scratch, 'interrupted');
  const ae = buildPcaAutoencoder([8, 8, 3], 4, { seed: 6 });
  await saveAutoencoder(ae, dir);
  // The state a crash leaves: the old folder moved aside, the new one still a temporary folder.
  renameSync(dir, path.join(scratch, '.interrupted.old-123456'));
  mkdirSync(path.join(scratch, '.interrupted.tmp-abcdef'));
  writeFileSync(path.join(scratch, '.interrupted.tmp-abcdef', 'autoencoder.json'), '{"trunc');
  const loaded = await loadAutoencoder(dir);
  assert.deepEqual(predictions(loaded), predictions(ae));
  assert.ok(existsSync(path.join(dir, 'autoencoder.json')), 'the previous model is back in place');
  [ae, loaded].forEach(disposeAutoencoder);
});

test('saveAutoencoder into a path under a file fails with a clear error', async () => {
  const file = path.join(scratch, 'a-file');
  writeFileSync(file, 'not a folder');
  const ae = buildPcaAutoencoder([8, 8, 3], 4);
  await assert.rejects(saveAutoencoder(ae, path.join(file, 'model')), /Impossible d'écrire « .*a-file\/model ».*Choisissez un dossier où vous pouvez écrire/);
  await assert.rejects(saveAutoencoder(ae, file), /Impossible d'écrire « .*a-file » \(un fichier porte déjà ce nom\)\. Choisissez un dossier où vous pouvez écrire/);
  assert.equal(readFileSync(file, 'utf8'), 'not a folder');
  disposeAutoencoder(ae);
});

test('saveAutoencoder into a read-only folder fails with a clear error and keeps the old model', async () => {
  // Root ignores file permissions, so the scenario runs in a child process as an unprivileged user ("nobody").
  // That user may not be able to read the clone, nor reach the Node binary running the tests (a private folder
  // such as /root or a mktemp -d folder), so the child is bundled with esbuild, and the Node binary linked or
  // copied, into a folder of their own that every user can read.
  const helper = path.join(__dirname, 'helpers', 'read-only-save.ts');
  const asRoot = process.getuid?.() === 0;
  let node = process.execPath;
  let command = ['--import', 'tsx', helper];
  let bundleDir: string | undefined;
  if (asRoot) {
    bundleDir = mkdtempSync(path.join(os.tmpdir(), 'ae-read-only-child-'));
    chmodSync(bundleDir, 0o755);
    const bundle = path.join(bundleDir, 'read-only-save.cjs');
    await esbuild.build({ entryPoints: [helper], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'error' });
    chmodSync(bundle, 0o644);
    node = path.join(bundleDir, 'node');
    try {
      linkSync(process.execPath, node);
    } catch {
      copyFileSync(process.execPath, node);
    }
    chmodSync(node, 0o755);
    command = [bundle];
  }
  try {
    const result = spawnSync(node, command, {
      cwd: bundleDir ?? path.join(__dirname, '..'),
      encoding: 'utf8',
      timeout: 600_000,
      env: { ...process.env, TSX_TSCONFIG_PATH: path.join(__dirname, '..', 'tsconfig.json') },
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    assert.equal(result.status, 0, `read-only scenario failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}${result.stderr}`);
  } finally {
    if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  }
});

test('loadAutoencoder explains a missing folder, a damaged model.json and truncated weights', async () => {
  await assert.rejects(loadAutoencoder(path.join(scratch, 'nothing-here')), /Aucun autoencodeur enregistré ici : enregistrez-en un avec saveAutoencoder/);
  const dir = path.join(scratch, 'damaged');
  const ae = buildPcaAutoencoder([8, 8, 3], 4);
  await saveAutoencoder(ae, dir);
  truncateSync(path.join(dir, 'decoder', 'weights.bin'), 100);
  await assert.rejects(loadAutoencoder(dir), /font 100 octets, mais le modèle en demande \d+ : la sauvegarde est abîmée/);
  writeFileSync(path.join(dir, 'encoder', 'model.json'), '{"modelTopology":');
  await assert.rejects(loadAutoencoder(dir), /encoder.model\.json » n'est pas un JSON valide.*enregistrez de nouveau le modèle/);
  const escaping = { modelTopology: {}, weightsManifest: [{ paths: ['../../secret.bin'], weights: [] }] };
  writeFileSync(path.join(dir, 'encoder', 'model.json'), JSON.stringify(escaping));
  await assert.rejects(loadAutoencoder(dir), /hors de son dossier : il n'est pas lu/);
  disposeAutoencoder(ae);
});

test('loadWeightsInto(ae, dir) refuses weights saved from another architecture', async () => {
  const dir = path.join(scratch, 'other-arch');
  const saved = buildPcaAutoencoder([8, 8, 3], 4, { seed: 8 });
  await saveAutoencoder(saved, dir);
  const same = buildPcaAutoencoder([8, 8, 3], 4, { seed: 9 });
  await loadWeightsInto(same, dir);
  assert.deepEqual(predictions(same), predictions(saved));
  const other = buildPcaAutoencoder([8, 8, 3], 5);
  const before = tensorCount();
  await assert.rejects(loadWeightsInto(other, dir), /L'encodeur enregistré dans « .* » a des poids .* autre architecture ou d'une autre taille de code/);
  assert.equal(tensorCount(), before);
  [saved, same, other].forEach(disposeAutoencoder);
});
