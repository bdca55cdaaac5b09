import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { buildPcaAutoencoder, disposeAutoencoder } from '../src/models';
import { deleteCourseModel, hasModel, listSavedModels, requireModel, saveCourseModel } from '../src/model-store';
import { modelDir } from '../src/paths';
import { tf } from '../src/tf';
import { useScratchWorkDir } from './helpers/scratch-work-dir';

const scratch = useScratchWorkDir();

test('requireModel(name, part) says which part to run when the model is missing', async () => {
  assert.equal(hasModel('deep-32'), false);
  await assert.rejects(requireModel('deep-32', 20), /Modèle introuvable : exécutez d'abord la partie 20/);
});

test('listSavedModels() lists saved models only, with every file and its size', () => {
  const dir = path.join(scratch.work, 'models', 'b-model');
  fs.mkdirSync(path.join(dir, 'encoder'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'autoencoder.json'), '{}');
  fs.writeFileSync(path.join(dir, 'encoder', 'weights.bin'), Buffer.alloc(10));
  fs.mkdirSync(path.join(scratch.work, 'models', 'a-half-written'), { recursive: true });
  const models = listSavedModels();
  assert.deepEqual(models.map((m) => m.name), ['b-model']);
  assert.deepEqual(models[0].files, [{ file: 'autoencoder.json', bytes: 2 }, { file: 'encoder/weights.bin', bytes: 10 }]);
  assert.equal(models[0].bytes, 12);
  assert.equal(hasModel('b-model'), true);
  fs.rmSync(path.join(scratch.work, 'models'), { recursive: true });
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
  fs.rmSync(path.join(scratch.work, 'models'), { recursive: true });
});

test('deleteCourseModel(name) removes a saved model and refuses a name that is not one', async () => {
  const ae = buildPcaAutoencoder([4, 4, 3], 2, { seed: 1 });
  await saveCourseModel(ae, 'copy');
  disposeAutoencoder(ae);
  fs.mkdirSync(path.join(scratch.work, 'models', 'not-a-model'), { recursive: true });
  assert.throws(() => deleteCourseModel('not-a-model'), /aucun modèle enregistré sous le nom « not-a-model ».*rien n'a été supprimé/);
  assert.ok(fs.existsSync(path.join(scratch.work, 'models', 'not-a-model')));
  deleteCourseModel('copy');
  assert.equal(hasModel('copy'), false);
  assert.equal(fs.existsSync(modelDir('copy')), false);
  fs.rmSync(path.join(scratch.work, 'models'), { recursive: true });
});
