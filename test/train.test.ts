import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { after, before, mock, test } from 'node:test';
import { tf } from '../src/tf';
import { initBackend } from '../src/backend';
import { DataParallelTrainer } from '../src/backend/data-parallel/trainer';
import { assembleAutoencoder, Autoencoder, buildDeepAutoencoder, buildPcaAutoencoder, disposeAutoencoder } from '../src/models';
import { loadAutoencoder } from '../src/persistence';
import { evaluateMse, trainAutoencoder, TrainOptions } from '../src/train';
import { assertFlat, assertTensorCountFlat, tensorCount } from './helpers/memory';

const shape: [number, number, number] = [8, 8, 3];
let train: tf.Tensor4D;
let validation: tf.Tensor4D;
let scratch: string;

before(async () => {
  await tf.setBackend('cpu');
  train = tf.randomUniform([24, ...shape], 0, 1, 'float32', 11) as tf.Tensor4D;
  validation = tf.randomUniform([6, ...shape], 0, 1, 'float32', 12) as tf.Tensor4D;
  scratch = mkdtempSync(path.join(os.tmpdir(), 'ae-train-test-'));
});

after(() => {
  tf.dispose([train, validation]);
  rmSync(scratch, { recursive: true, force: true });
});

const quiet = { progress: false } as const;
const weightsOf = (ae: { autoencoder: tf.LayersModel }) => ae.autoencoder.getWeights().map((w) => Array.from(w.dataSync()));
/** The optimizer's state as plain numbers, in variable order (names differ between two models built alike). */
async function optimizerStateOf(ae: Autoencoder): Promise<number[][]> {
  const state = await ae.autoencoder.optimizer.getWeights();
  const values = state.map((w) => Array.from(w.tensor.dataSync()));
  tf.dispose(state.map((w) => w.tensor));
  return values;
}

test('trainAutoencoder(ae, { train, validation, epochs }) returns the history as a polars DataFrame', async () => {
  const ae = buildPcaAutoencoder(shape, 4, { seed: 1 });
  const { history, resumedFromEpoch } = await trainAutoencoder(ae, { train, validation, epochs: 3, batchSize: 8, seed: 2, ...quiet });
  assert.equal(resumedFromEpoch, 0);
  assert.deepEqual(history.columns, ['epoch', 'loss', 'val_loss', 'seconds']);
  assert.deepEqual(history.dtypes.map(String), ['DataType(Int32)', 'DataType(Float64)', 'DataType(Float64)', 'DataType(Float64)']);
  assert.deepEqual(history.getColumn('epoch').toArray(), [1, 2, 3]);
  const loss = history.getColumn('loss').toArray() as number[];
  const valLoss = history.getColumn('val_loss').toArray() as number[];
  assert.ok(loss[2] < loss[0], `loss should decrease: ${loss}`);
  assert.ok(valLoss.every((v) => Number.isFinite(v) && v > 0));
  const measured = await evaluateMse(ae, validation);
  assert.ok(Math.abs(measured - valLoss[2]) < 1e-6, 'val_loss is the validation MSE after the epoch');
  disposeAutoencoder(ae);
});

test('trainAutoencoder without validation data leaves val_loss null', async () => {
  const ae = buildPcaAutoencoder(shape, 4, { seed: 1 });
  const { history } = await trainAutoencoder(ae, { train, epochs: 1, batchSize: 8, seed: 2, ...quiet });
  assert.deepEqual(history.getColumn('val_loss').toArray(), [null]);
  disposeAutoencoder(ae);
});

test('trainAutoencoder keeps the tensor count flat across epochs and calls', async () => {
  const ae = buildPcaAutoencoder(shape, 4, { seed: 1 });
  const counts: number[] = [];
  const options = { train, validation, batchSize: 5, noiseSigma: 0.1, seed: 3, ...quiet, onEpochEnd: () => void counts.push(tensorCount()) };
  await assertTensorCountFlat(() => trainAutoencoder(ae, { ...options, epochs: 1 }), { label: 'one epoch' }); // warm-up inside
  counts.length = 0;
  await trainAutoencoder(ae, { ...options, epochs: 3 });
  assertFlat(counts, 'tensors at the end of each epoch');
  disposeAutoencoder(ae);
});

test('trainAutoencoder(ae, { seed }) trains reproducibly', async () => {
  const run = async () => {
    const ae = buildPcaAutoencoder(shape, 4, { seed: 1 });
    await trainAutoencoder(ae, { train, epochs: 2, batchSize: 8, seed: 4, noiseSigma: 0.1, ...quiet });
    const w = weightsOf(ae);
    disposeAutoencoder(ae);
    return w;
  };
  assert.deepEqual(await run(), await run());
});

/** An identity layer that records the batches it sees while training. */
class RecordInputs extends tf.layers.Layer {
  static className = 'RecordInputs';
  seen: number[][] = [];
  override computeOutputShape(inputShape: Parameters<tf.layers.Layer['computeOutputShape']>[0]) {
    return inputShape;
  }
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }) {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (kwargs.training) this.seen.push(Array.from(x.dataSync()));
    return x.mul(1);
  }
}

test('denoising training (noiseSigma) draws fresh noise every epoch', async () => {
  const recorder = new RecordInputs({ inputShape: shape });
  const encoder = tf.sequential({ layers: [recorder, tf.layers.flatten(), tf.layers.dense({ units: 4 })] });
  const decoder = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 8 * 8 * 3 }), tf.layers.reshape({ targetShape: shape })] });
  const ae = assembleAutoencoder(encoder, decoder, 'custom');
  const one = train.slice(0, 1);
  await trainAutoencoder(ae, { train: one, epochs: 3, batchSize: 1, noiseSigma: 0.1, seed: 5, ...quiet });
  assert.equal(recorder.seen.length, 3);
  const clean = Array.from(one.dataSync());
  const noise = recorder.seen.map((batch) => batch.map((v, i) => v - clean[i]));
  const std = Math.sqrt(noise[0].reduce((s, v) => s + v * v, 0) / noise[0].length);
  assert.ok(std > 0.07 && std < 0.13, `noise std ${std} should be about 0.1`);
  assert.notDeepEqual(noise[0], noise[1]);
  assert.notDeepEqual(noise[1], noise[2]);
  tf.dispose(one);
  disposeAutoencoder(ae);
});

test('trainAutoencoder(ae, { checkpointDir }) resumes where it stopped and ends exactly where an uninterrupted run does', async () => {
  const dir = path.join(scratch, 'resume');
  const common = { train, validation, batchSize: 8, seed: 6, noiseSigma: 0.05, ...quiet };
  const straight = buildPcaAutoencoder(shape, 4, { seed: 1 });
  await trainAutoencoder(straight, { ...common, epochs: 3 });

  const first = buildPcaAutoencoder(shape, 4, { seed: 1 });
  await trainAutoencoder(first, { ...common, epochs: 1, checkpointDir: dir });
  disposeAutoencoder(first); // as if the kernel had died
  const resumed = buildPcaAutoencoder(shape, 4, { seed: 99 }); // weights come from the checkpoint
  const epochsRun: number[] = [];
  const { history, resumedFromEpoch } = await trainAutoencoder(resumed, {
    ...common,
    epochs: 3,
    checkpointDir: dir,
    onEpochEnd: (log) => void epochsRun.push(log.epoch),
  });
  assert.equal(resumedFromEpoch, 1);
  assert.deepEqual(epochsRun, [2, 3]);
  assert.deepEqual(history.getColumn('epoch').toArray(), [1, 2, 3]);
  assert.deepEqual(weightsOf(resumed), weightsOf(straight), 'weights and Adamax state were restored exactly');
  assert.deepEqual(await optimizerStateOf(resumed), await optimizerStateOf(straight), 'the Adamax state itself ends where it does without a stop');
  assert.deepEqual(readdirSync(scratch).filter((n) => n.startsWith('.')), [], 'no temporary folder left behind');

  // Called again once finished: nothing to train, the history is returned.
  const again = await trainAutoencoder(resumed, { ...common, epochs: 3, checkpointDir: dir, onEpochEnd: () => assert.fail('no epoch to run') });
  assert.equal(again.resumedFromEpoch, 3);
  assert.equal(again.history.height, 3);

  // The checkpoint folder is also a saved autoencoder.
  const loaded = await loadAutoencoder(dir);
  assert.deepEqual(weightsOf(loaded), weightsOf(straight));
  [straight, resumed, loaded].forEach(disposeAutoencoder);
});

test('trainAutoencoder refuses a checkpoint made with other settings or another model, and a folder that is not a checkpoint', async () => {
  const dir = path.join(scratch, 'mismatch');
  const ae = buildPcaAutoencoder(shape, 4, { seed: 1 });
  await trainAutoencoder(ae, { train, epochs: 1, batchSize: 8, seed: 7, checkpointDir: dir, ...quiet });
  await assert.rejects(
    trainAutoencoder(ae, { train, epochs: 2, batchSize: 4, seed: 7, checkpointDir: dir, ...quiet }),
    /fait avec batchSize 8 \(maintenant 4\).*supprimez le dossier/,
  );
  const saved = path.join(scratch, 'a-saved-model');
  mkdirSync(saved);
  writeFileSync(path.join(saved, 'autoencoder.json'), '{}');
  await assert.rejects(
    trainAutoencoder(ae, { train, epochs: 1, checkpointDir: saved, ...quiet }),
    /n'est pas vide et ne contient pas de checkpoint\.json.*passez un dossier vide ou nouveau/,
  );
  const other = buildPcaAutoencoder(shape, 6);
  await assert.rejects(
    trainAutoencoder(other, { train, epochs: 2, batchSize: 8, checkpointDir: dir, ...quiet }),
    /autre architecture ou d'une autre taille de code/,
  );
  [ae, other].forEach(disposeAutoencoder);
});

test('trainAutoencoder refuses a checkpoint of an unknown version, saying what to do', async () => {
  const dir = path.join(scratch, 'future');
  const ae = buildPcaAutoencoder(shape, 4, { seed: 1 });
  await trainAutoencoder(ae, { train, epochs: 1, batchSize: 8, seed: 7, checkpointDir: dir, ...quiet });
  const file = path.join(dir, 'checkpoint.json');
  const state = JSON.parse(readFileSync(file, 'utf8')) as { version: number };
  assert.equal(state.version, 1);
  writeFileSync(file, JSON.stringify({ ...state, version: 2 }));
  await assert.rejects(
    trainAutoencoder(ae, { train, epochs: 2, batchSize: 8, seed: 7, checkpointDir: dir, ...quiet }),
    /format version 2, que cette version de la bibliothèque ne sait pas lire \(elle lit la version 1\).*supprimez le dossier/,
  );
  // A checkpoint without optimizer state (older code dropped it silently) cannot resume exactly: refused, not half-resumed.
  writeFileSync(file, JSON.stringify({ ...state, optimizer: null }));
  await assert.rejects(
    trainAutoencoder(ae, { train, epochs: 2, batchSize: 8, seed: 7, checkpointDir: dir, ...quiet }),
    /est incomplet \(epoch, history ou optimizer manquant\).*supprimez le dossier/,
  );
  disposeAutoencoder(ae);
});

test('trainAutoencoder with a checkpointDir fails loudly, writing no checkpoint, when the optimizer cannot export its state', async () => {
  const dir = path.join(scratch, 'no-optimizer-state');
  const ae = buildPcaAutoencoder(shape, 4, { seed: 1 });
  const getWeights = mock.method(ae.autoencoder.optimizer, 'getWeights', async () => {
    throw new Error('getWeights not implemented');
  });
  await assert.rejects(
    trainAutoencoder(ae, { train, epochs: 1, batchSize: 8, seed: 7, checkpointDir: dir, ...quiet }),
    /L'optimiseur Adamax ne peut pas exporter son état \(getWeights not implemented\) : un point de contrôle ne pourrait pas reprendre l'entraînement à l'identique ; compilez le modèle avec compileAutoencoder\(\).*ou entraînez sans checkpointDir/,
  );
  getWeights.mock.restore();
  assert.equal(existsSync(dir), false, 'no checkpoint without the optimizer state');
  disposeAutoencoder(ae);
});

test('trainAutoencoder rejects images of the wrong shape and bad settings with clear errors', async () => {
  const ae = buildPcaAutoencoder(shape, 4);
  const wrong = tf.zeros([4, 16, 16, 3]);
  await assert.rejects(trainAutoencoder(ae, { train: wrong, epochs: 1, ...quiet }), /train a la forme \[4, 16, 16, 3\] mais cet autoencodeur attend \[n, 8, 8, 3\] : redimensionnez les images en 8×8/);
  await assert.rejects(trainAutoencoder(ae, { train, validation: wrong, epochs: 1, ...quiet }), /validation a la forme \[4, 16, 16, 3\]/);
  await assert.rejects(trainAutoencoder(ae, { train, epochs: 0, ...quiet }), /epochs doit être un entier ≥ 1, et non 0 : passez par exemple 10/);
  await assert.rejects(trainAutoencoder(ae, { train, epochs: 1, batchSize: 2.5, ...quiet }), /batchSize doit être un entier ≥ 1, et non 2\.5/);
  await assert.rejects(trainAutoencoder(ae, { train, epochs: 1, noiseSigma: -1, ...quiet }), /sigma \(l'écart type du bruit\) doit être un nombre fini ≥ 0, reçu -1 : passez par exemple 0\.1/);
  await assert.rejects(evaluateMse(ae, wrong), /images a la forme \[4, 16, 16, 3\] mais cet autoencodeur attend/);
  wrong.dispose();
  disposeAutoencoder(ae);
});

test('evaluateMse(ae, images) is the mean squared reconstruction error, batch size aside', async () => {
  const ae = buildPcaAutoencoder(shape, 4, { seed: 1 });
  const expected = tf.tidy(() => (ae.autoencoder.predict(validation) as tf.Tensor).squaredDifference(validation).mean().dataSync()[0]);
  const mse = await assertTensorCountFlat(() => evaluateMse(ae, validation, { batchSize: 4 }), { label: 'evaluateMse' });
  assert.equal(typeof mse, 'number');
  assert.ok(Math.abs(mse - expected) < 1e-6, `${mse} vs ${expected}`);
  const noisy = await evaluateMse(ae, validation, { noiseSigma: 0.3, seed: 1 });
  assert.equal(await evaluateMse(ae, validation, { noiseSigma: 0.3, seed: 1 }), noisy);
  assert.notEqual(noisy, mse);
  disposeAutoencoder(ae);
});

test('trainAutoencoder shows one progress line per epoch with loss and val_loss', async () => {
  const ae = buildPcaAutoencoder(shape, 4, { seed: 1 });
  const writes: string[] = [];
  await trainAutoencoder(ae, {
    train,
    validation,
    epochs: 2,
    batchSize: 8,
    progress: { mode: 'lines', stream: { write: (t: string) => writes.push(t) } },
  });
  assert.equal(writes.length, 2);
  assert.match(writes[0], /^Epoch 1\/2 \[=+\] 3\/3 \d+\.\ds loss 0\.\d{4} - val_loss 0\.\d{4}\n$/);
  assert.match(writes[1], /^Epoch 2\/2 /);
  disposeAutoencoder(ae);
});

// ---- Several threads on wasm: the batches are split over worker threads (DataParallelTrainer). ----

type Builder = (imageShape: readonly number[], codeSize: number, options?: { seed?: number }) => Autoencoder;

/** Trains a fresh model (weights from `modelSeed`) on wasm and returns its history and weights. */
async function trainOnWasm(build: Builder, imageShape: [number, number, number], images: tf.Tensor4D, options: Partial<TrainOptions>) {
  const ae = build(imageShape, 4, { seed: 1 });
  try {
    const { history } = await trainAutoencoder(ae, { train: images, epochs: 2, batchSize: 8, seed: 8, noiseSigma: 0.05, ...quiet, ...options });
    return {
      loss: history.getColumn('loss').toArray() as number[],
      valLoss: history.getColumn('val_loss').toArray() as (number | null)[],
      weights: weightsOf(ae),
    };
  } finally {
    disposeAutoencoder(ae);
  }
}

/** Largest |a - b| over nested arrays of numbers. */
function maxDifference(a: number[][], b: number[][]): number {
  let worst = 0;
  a.forEach((row, i) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - b[i][j])))));
  return worst;
}

/** Counts the DataParallelTrainers trainAutoencoder creates and disposes while `fn` runs. */
async function countTrainers(fn: () => Promise<unknown>): Promise<{ created: number; disposed: number; threads: number[] }> {
  const create = mock.method(DataParallelTrainer, 'create');
  const dispose = mock.method(DataParallelTrainer.prototype, 'dispose');
  try {
    await fn();
    const trainers = await Promise.all(create.mock.calls.map((c) => c.result as Promise<DataParallelTrainer>));
    return { created: create.mock.callCount(), disposed: dispose.mock.callCount(), threads: trainers.map((t) => t.threads) };
  } finally {
    create.mock.restore();
    dispose.mock.restore();
  }
}

test('trainAutoencoder(ae, { threads: 2 }) on wasm trains like 1 thread (PCA and deep models), and stops its workers', async () => {
  await initBackend({ backend: 'wasm', threads: 2 });
  const small = tf.randomUniform([20, ...shape], 0, 1, 'float32', 21) as tf.Tensor4D;
  const smallVal = tf.randomUniform([4, ...shape], 0, 1, 'float32', 22) as tf.Tensor4D;
  const deepShape: [number, number, number] = [16, 16, 3];
  const deep = tf.randomUniform([12, ...deepShape], 0, 1, 'float32', 23) as tf.Tensor4D;
  try {
    for (const [label, build, imageShape, images, validation] of [
      ['pca', buildPcaAutoencoder, shape, small, smallVal],
      ['deep', buildDeepAutoencoder, deepShape, deep, undefined],
    ] as const) {
      const one = await trainOnWasm(build, imageShape, images, { threads: 1, validation });
      let two: Awaited<ReturnType<typeof trainOnWasm>> | undefined;
      const counted = await countTrainers(async () => (two = await trainOnWasm(build, imageShape, images, { threads: 2, validation })));
      assert.deepEqual(counted, { created: 1, disposed: 1, threads: [2] }, `${label}: one 2-thread trainer, disposed at the end`);
      assert.ok(two !== undefined);
      one.loss.forEach((l, i) => assert.ok(Math.abs(l - two!.loss[i]) <= 1e-4 * l, `${label} loss ${i}: ${l} vs ${two!.loss[i]}`));
      one.valLoss.forEach((l, i) => assert.ok(l === null ? two!.valLoss[i] === null : Math.abs(l - two!.valLoss[i]!) <= 1e-4 * l));
      const diff = maxDifference(one.weights, two.weights);
      assert.ok(diff <= 1e-4, `${label}: weights differ by ${diff}`);
    }
  } finally {
    tf.dispose([small, smallVal, deep]);
  }
});

test('trainAutoencoder with 2 threads keeps the tensor count flat across epochs and calls', async () => {
  await initBackend({ backend: 'wasm', threads: 2 });
  const ae = buildPcaAutoencoder(shape, 4, { seed: 1 });
  const counts: number[] = [];
  const options = { train, validation, batchSize: 5, noiseSigma: 0.1, seed: 3, threads: 2, ...quiet, onEpochEnd: () => void counts.push(tensorCount()) };
  await assertTensorCountFlat(() => trainAutoencoder(ae, { ...options, epochs: 1 }), { label: 'one 2-thread epoch' });
  counts.length = 0;
  await trainAutoencoder(ae, { ...options, epochs: 3 });
  assertFlat(counts, 'tensors at the end of each 2-thread epoch');
  disposeAutoencoder(ae);
});

test('trainAutoencoder with 2 threads resumes a checkpoint (weights and Adamax state) exactly as an uninterrupted run', async () => {
  await initBackend({ backend: 'wasm', threads: 2 });
  const dir = path.join(scratch, 'resume-2-threads');
  const common = { train, validation, batchSize: 8, seed: 6, noiseSigma: 0.05, threads: 2, ...quiet };
  const straight = buildPcaAutoencoder(shape, 4, { seed: 1 });
  await trainAutoencoder(straight, { ...common, epochs: 3 });
  const first = buildPcaAutoencoder(shape, 4, { seed: 1 });
  await trainAutoencoder(first, { ...common, epochs: 1, checkpointDir: dir });
  disposeAutoencoder(first);
  const resumed = buildPcaAutoencoder(shape, 4, { seed: 99 });
  const { resumedFromEpoch } = await trainAutoencoder(resumed, { ...common, epochs: 3, checkpointDir: dir });
  assert.equal(resumedFromEpoch, 1);
  assert.deepEqual(weightsOf(resumed), weightsOf(straight), 'weights and Adamax state were restored exactly');
  assert.deepEqual(await optimizerStateOf(resumed), await optimizerStateOf(straight), 'the Adamax state itself ends where it does without a stop');
  [straight, resumed].forEach(disposeAutoencoder);
});

test('trainAutoencoder with 2 threads stops its workers when training fails', async () => {
  await initBackend({ backend: 'wasm', threads: 2 });
  const ae = buildPcaAutoencoder(shape, 4, { seed: 1 });
  const counted = await countTrainers(() =>
    assert.rejects(
      trainAutoencoder(ae, { train, epochs: 2, batchSize: 8, threads: 2, ...quiet, onEpochEnd: () => { throw new Error('stop here'); } }),
      /stop here/,
    ),
  );
  assert.deepEqual(counted, { created: 1, disposed: 1, threads: [2] });
  disposeAutoencoder(ae);
});

test('a script training with 2 threads on wasm exits by itself, after a failed training too (no hanging handle)', () => {
  const script = `
    const { tf, initBackend, buildPcaAutoencoder, trainAutoencoder } = require(${JSON.stringify(path.join(__dirname, '../src/internal'))});
    (async () => {
      await initBackend({ backend: 'wasm', threads: 2 });
      const ae = buildPcaAutoencoder([8, 8, 3], 4, { seed: 1 });
      const train = tf.randomUniform([16, 8, 8, 3]);
      await trainAutoencoder(ae, { train, epochs: 1, batchSize: 8, progress: false });
      await trainAutoencoder(ae, { train, epochs: 1, batchSize: 8, progress: false, onEpochEnd: () => { throw new Error('x'); } }).catch(() => {});
      console.log('trained');
    })();`;
  const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, AE_THREADS: '2' } });
  assert.equal(run.signal, null, `the script did not exit by itself: ${run.stderr}`);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /trained/);
});

test('trainAutoencoder uses backendInfo().threads on wasm by default, and 1 thread on cpu whatever options.threads says', async () => {
  await initBackend({ backend: 'wasm', threads: 2 });
  const ae = buildPcaAutoencoder(shape, 4, { seed: 1 });
  const onWasm = await countTrainers(() => trainAutoencoder(ae, { train, epochs: 1, batchSize: 8, ...quiet }));
  assert.deepEqual(onWasm.threads, [2]);
  await initBackend({ backend: 'cpu' });
  const onCpu = await countTrainers(() => trainAutoencoder(ae, { train, epochs: 1, batchSize: 8, threads: 2, ...quiet }));
  assert.equal(onCpu.created, 0, 'no worker threads on cpu');
  await assert.rejects(trainAutoencoder(ae, { train, epochs: 1, threads: 0, ...quiet }), /threads doit être un entier ≥ 1, et non 0/);
  disposeAutoencoder(ae);
});
