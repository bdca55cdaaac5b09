import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { tf } from '../src/tf';
import { buildDeepAutoencoder, buildPcaAutoencoder, checkAutoencoder, COURSE_CODE_SIZES } from '../src/models';
import { tensorCount } from './helpers/memory';

before(async () => {
  await tf.setBackend('cpu');
});

test('checkAutoencoder([32, 32, 3], codeSize, buildDeepAutoencoder) passes for code sizes 1 to 1024', () => {
  const before = tensorCount();
  assert.deepEqual(COURSE_CODE_SIZES, [1, 8, 32, 128, 512, 1024]);
  for (const codeSize of COURSE_CODE_SIZES) {
    const report = checkAutoencoder([32, 32, 3], codeSize, buildDeepAutoencoder);
    assert.equal(report.passed, true, report.failures.join('; '));
    assert.deepEqual(report.encoderOutputShape, [codeSize]);
    assert.deepEqual(report.decoderOutputShape, [32, 32, 3]);
    assert.ok(report.encoderWeightedLayers >= 3 && report.decoderWeightedLayers >= 3);
    assert.ok(report.narrowestLayer.units >= codeSize);
  }
  assert.equal(tensorCount(), before, 'checkAutoencoder must dispose the models it builds');
});

test('checkAutoencoder names what fails: the PCA autoencoder has one weighted layer per side', () => {
  const report = checkAutoencoder([8, 8, 3], 4, buildPcaAutoencoder, { throws: false });
  assert.equal(report.passed, false);
  assert.deepEqual(report.failures, [
    "l'encodeur doit contenir au moins 3 couches à poids, il en a 1",
    'le décodeur doit contenir au moins 3 couches à poids, il en a 1',
  ]);
  assert.throws(
    () => checkAutoencoder([8, 8, 3], 4, buildPcaAutoencoder),
    /checkAutoencoder : la vérification échoue pour codeSize 4 et imageShape \[8,8,3\] : l'encodeur doit contenir au moins 3 couches à poids.*Corrigez la fonction de construction/,
  );
});

test('checkAutoencoder reports a layer narrower than the code (16×16 images cannot carry a 512 code)', () => {
  const report = checkAutoencoder([16, 16, 3], 512, buildDeepAutoencoder, { throws: false });
  assert.equal(report.passed, false);
  assert.ok(report.failures.some((f) => /la couche \S+ est plus étroite que le goulot d'étranglement \(256 unités < 512\)/.test(f)), report.failures.join('; '));
});

test('checkAutoencoder rejects a code size below 1', () => {
  assert.throws(() => checkAutoencoder([32, 32, 3], 0, buildDeepAutoencoder), /codeSize \(la taille de code, longueur du code latent\) doit être un entier ≥ 1, reçu 0 : passez par exemple 32/);
});
