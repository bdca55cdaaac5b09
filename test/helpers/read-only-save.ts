/**
 * Child script of test/persistence.test.ts: saves a model, makes its parent folder read-only, checks
 * that a second save fails with a clear error and that the first model still loads with the same
 * predictions. Run as an unprivileged user (root ignores permissions); exits non-zero on failure.
 * It imports only the model and persistence modules (pure JavaScript), so that the test can bundle it
 * into a folder any user can read when the clone itself is in a private folder.
 */
import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { tf } from '../../src/tf';
import { disposeAutoencoder } from '../../src/models/autoencoder';
import { buildPcaAutoencoder } from '../../src/models/pca';
import { loadAutoencoder, saveAutoencoder } from '../../src/persistence';

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'ae-read-only-'));
  const parent = path.join(scratch, 'read-only');
  const dir = path.join(parent, 'model');
  const ae = buildPcaAutoencoder([8, 8, 3], 4, { seed: 7 });
  const input = tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 3);
  const predict = (model: typeof ae) => tf.tidy(() => (model.autoencoder.predict(input) as tf.Tensor).arraySync());
  await saveAutoencoder(ae, dir);
  chmodSync(parent, 0o500);
  try {
    await assert.rejects(saveAutoencoder(ae, dir), /Impossible d'écrire « .* » \(.*permission/i);
  } finally {
    chmodSync(parent, 0o700);
  }
  const loaded = await loadAutoencoder(dir);
  assert.deepEqual(predict(loaded), predict(ae));
  [ae, loaded].forEach(disposeAutoencoder);
  rmSync(scratch, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
