import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { tf } from '../src/tf';
import { applyGaussianNoise, checkNoiseStatistics } from '../src/noise';
import { tensorCount } from './helpers/memory';

before(async () => {
  await tf.setBackend('cpu');
});

const mean = (values: number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;
const std = (values: number[]): number => {
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / values.length);
};

test('applyGaussianNoise(images, sigma) returns a new float32 tensor of the same shape and leaves the input alone', () => {
  const images = tf.fill([3, 8, 8, 3], 0.5);
  const before = tensorCount();
  const noisy = applyGaussianNoise(images, 0.1, { seed: 1 });
  assert.equal(tensorCount(), before + 1, 'only the returned tensor is new');
  assert.deepEqual(noisy.shape, [3, 8, 8, 3]);
  assert.equal(noisy.dtype, 'float32');
  assert.ok(Array.from(images.dataSync()).every((v) => v === 0.5));
  assert.ok(Array.from(noisy.dataSync()).some((v) => v !== 0.5));
  tf.dispose([images, noisy]);
});

test('applyGaussianNoise(images, sigma) draws independent noise for every image (not one pattern per batch)', () => {
  const images = tf.zeros([2, 8, 8, 3]);
  const noisy = applyGaussianNoise(images, 0.1, { seed: 3 });
  const [first, second] = tf.unstack(noisy).map((t) => Array.from(t.dataSync()));
  assert.notDeepEqual(first, second);
  // not the same pattern shifted or scaled either: the two noise images are uncorrelated
  const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  const correlation = first.reduce((s, v, i) => s + v * second[i], 0) / (norm(first) * norm(second));
  assert.ok(Math.abs(correlation) < 0.3, `noise of two images is correlated: ${correlation}`);
  tf.dispose([images, noisy]);
});

test('applyGaussianNoise(images, sigma, { seed }) is reproducible, and differs across seeds and unseeded calls', () => {
  const images = tf.zeros([2, 4, 4, 3]);
  const draw = (seed?: number) => {
    const t = applyGaussianNoise(images, 0.2, { seed });
    const values = Array.from(t.dataSync());
    t.dispose();
    return values;
  };
  assert.deepEqual(draw(42), draw(42));
  assert.notDeepEqual(draw(42), draw(43));
  assert.notDeepEqual(draw(), draw());
  images.dispose();
});

test('applyGaussianNoise(images, sigma, { seed }) adds the very draw of tf.randomNormal with that seed, bit for bit', () => {
  // The course's recorded results were trained on that draw: the faster loop must not change a single value.
  const cases: [number[], number, number][] = [[[32, 32, 32, 3], 0.1, 1_234_567_890], [[5, 3, 3, 1], 0.5, 7], [[1], 0.2, 42], [[2, 7], 1, 4_294_967_295]];
  for (const [shape, sigma, seed] of cases) {
    const images = tf.randomUniform(shape, 0, 1, 'float32', 3);
    const noisy = applyGaussianNoise(images, sigma, { seed });
    const expected = tf.tidy(() => images.add(tf.randomNormal(shape, 0, sigma, 'float32', seed)));
    const got = new Uint32Array((noisy.dataSync() as Float32Array).buffer);
    const want = new Uint32Array((expected.dataSync() as Float32Array).buffer);
    assert.deepEqual(Array.from(got), Array.from(want), `shape ${shape.join('×')}, sigma ${sigma}, seed ${seed}`);
    tf.dispose([images, noisy, expected]);
  }
});

test('applyGaussianNoise(images, sigma, { clip: true }) stays within [0, 1]', () => {
  const images = tf.randomUniform([4, 8, 8, 3], 0, 1, 'float32', 5);
  const noisy = applyGaussianNoise(images, 0.5, { clip: true, seed: 6 });
  const values = noisy.dataSync();
  assert.ok(values.every((v) => v >= 0 && v <= 1));
  assert.ok(values.some((v) => v === 0) && values.some((v) => v === 1), 'sigma 0.5 must reach both bounds');
  tf.dispose([images, noisy]);
});

test('applyGaussianNoise(images, 0) returns an unchanged copy', () => {
  const images = tf.randomUniform([2, 4, 4, 3], 0, 1, 'float32', 7);
  const same = applyGaussianNoise(images, 0);
  assert.deepEqual(Array.from(same.dataSync()), Array.from(images.dataSync()));
  assert.notEqual(same, images);
  tf.dispose([images, same]);
});

test('applyGaussianNoise rejects a negative or non-finite sigma, saying what to pass', () => {
  const images = tf.zeros([1, 4, 4, 3]);
  for (const bad of [-0.1, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => applyGaussianNoise(images, bad), /sigma \(l'écart type du bruit\) doit être un nombre fini ≥ 0, reçu .* : passez par exemple 0\.1/);
  }
  assert.throws(() => applyGaussianNoise(images, 0.1, { seed: Number.NaN }), /seed doit être un nombre fini, reçu NaN : passez par exemple 42, ou omettez-le/);
  assert.throws(
    () => applyGaussianNoise([[0.5]] as unknown as tf.Tensor, 0.1),
    /applyGaussianNoise attend un tf\.Tensor d'images, reçu object : convertissez-le avec tf\.tensor\(\.\.\.\)/,
  );
  images.dispose();
});

test('checkNoiseStatistics(images, 0.5) matches theory within 0.01, as the course\'s test does', () => {
  const zeros = tf.zeros([50, 16, 16, 3]);
  const faces = tf.randomUniform([50, 16, 16, 3], 0, 1, 'float32', 8);
  const before = tensorCount();
  for (const images of [zeros, faces]) {
    const report = checkNoiseStatistics(images, 0.5, { seed: 9 });
    assert.equal(report.passed, true, report.failures.join('; '));
    assert.equal(report.independentAcrossImages, true);
    // The reported numbers are the batch's own: recompute them here from the same seeded noise and the clean images.
    const clean = Array.from(images.dataSync());
    const noisy = tf.tidy(() => Array.from(applyGaussianNoise(images, 0.5, { seed: 9 }).dataSync()));
    assert.ok(Math.abs(report.measuredMean - mean(noisy)) < 1e-5, `measured mean ${report.measuredMean} vs ${mean(noisy)}`);
    assert.ok(Math.abs(report.measuredStd - std(noisy)) < 1e-4, `measured std ${report.measuredStd} vs ${std(noisy)}`);
    assert.ok(Math.abs(report.theoreticalMean - mean(clean)) < 1e-5);
    assert.ok(Math.abs(report.theoreticalStd - Math.sqrt(std(clean) ** 2 + 0.25)) < 1e-4);
  }
  assert.ok(Math.abs(checkNoiseStatistics(zeros, 0.5, { seed: 9 }).theoreticalStd - 0.5) < 1e-9);
  assert.equal(tensorCount(), before);
  tf.dispose([zeros, faces]);
});

test('checkNoiseStatistics catches a wrong std, a biased mean and the course\'s one-pattern-per-batch bug', () => {
  const images = tf.zeros([50, 16, 16, 3]);
  const wrongStd = checkNoiseStatistics(images, 0.5, { throws: false, noise: (x, s) => applyGaussianNoise(x, 2 * s, { seed: 1 }) });
  assert.match(wrongStd.failures.join(), /écart type 1\.\d{4} différent de la théorie 0\.\d{4} \(prenez sigma comme écart type\)/);
  const biased = checkNoiseStatistics(images, 0.5, {
    throws: false,
    noise: (x, s) => tf.tidy(() => applyGaussianNoise(x, s, { seed: 1 }).add(0.1)),
  });
  assert.match(biased.failures.join(), /moyenne .* différente de celle des images, .* \(ajoutez un bruit de moyenne nulle\)/);
  const onePattern = (x: tf.Tensor, s: number) =>
    tf.tidy(() => x.add(tf.randomNormal(x.shape.slice(1), 0, s, 'float32', 2).expandDims(0)));
  const buggy = checkNoiseStatistics(images, 0.5, { throws: false, noise: onePattern });
  assert.equal(buggy.independentAcrossImages, false);
  assert.throws(() => checkNoiseStatistics(images, 0.5, { noise: onePattern }), /checkNoiseStatistics : la vérification du bruit échoue : .*les deux premières images ont reçu le même motif de bruit \(tirez le bruit pour chaque image/);
  images.dispose();
});
