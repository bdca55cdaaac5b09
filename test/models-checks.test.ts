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
    'the encoder must contain at least 3 weighted layers, it has 1',
    'the decoder must contain at least 3 weighted layers, it has 1',
  ]);
  assert.throws(() => checkAutoencoder([8, 8, 3], 4, buildPcaAutoencoder), /check failed for codeSize 4.*at least 3 weighted layers/);
});

test('checkAutoencoder reports a layer narrower than the code (16×16 images cannot carry a 512 code)', () => {
  const report = checkAutoencoder([16, 16, 3], 512, buildDeepAutoencoder, { throws: false });
  assert.equal(report.passed, false);
  assert.ok(report.failures.some((f) => /smaller than the bottleneck \(256 units < 512\)/.test(f)), report.failures.join('; '));
});

test('checkAutoencoder rejects a code size below 1', () => {
  assert.throws(() => checkAutoencoder([32, 32, 3], 0, buildDeepAutoencoder), /codeSize must be a whole number >= 1/);
});
