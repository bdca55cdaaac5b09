/**
 * Training loop for the autoencoders: one step per batch (on wasm a DataParallelTrainer step, which replays the
 * first step's kernels and with several threads splits the batch over worker threads; elsewhere optimizer.minimize
 * on the MSE in a tf.tidy), seeded shuffles, fresh noise every epoch for denoising, validation MSE each epoch, a progress bar,
 * and checkpoints that let a long training resume where it stopped.
 */
import pl from 'nodejs-polars';
import { tf } from './tf';
import { configuredThreads } from './backend/init-backend';
import { DataParallelTrainer } from './backend/data-parallel/trainer';
import { assertImagesFit, Autoencoder } from './models/autoencoder';
import { applyGaussianNoise, validateSigma } from './noise';
import { resumeCheckpoint, writeCheckpoint, type EpochLog } from './checkpoint';
import { ProgressBar, ProgressOptions, resolveProgressMode, type ProgressMode } from './progress';
import { mixSeed, shuffledIndices } from './random';

export type { EpochLog } from './checkpoint';

/** Options of trainAutoencoder. */
export interface TrainOptions {
  /** Training images `[n, h, w, c]` (the targets; inputs are noised copies when noiseSigma > 0). */
  train: tf.Tensor;
  /** Validation images `[m, h, w, c]`: their MSE is measured after every epoch. */
  validation?: tf.Tensor;
  /** Total number of epochs (when resuming, training continues up to this number). */
  epochs: number;
  batchSize?: number;
  /** Denoising: train on `images + N(0, noiseSigma²)` (fresh noise every epoch) to rebuild the clean images. */
  noiseSigma?: number;
  /** Makes shuffles and noise reproducible (a random seed is drawn and checkpointed otherwise). */
  seed?: number;
  /** Folder for the per-epoch checkpoint; an existing checkpoint there is resumed. */
  checkpointDir?: string;
  /** Called after each epoch (after the checkpoint is written); may be async. */
  onEpochEnd?: (log: EpochLog) => void | Promise<void>;
  /** Progress display: true (default, auto mode), false (silent) or ProgressBar options. */
  progress?: boolean | ProgressOptions;
  /**
   * Threads for the training steps, main thread included (default: backendInfo().threads on wasm, else 1).
   * Above 1, and only on the wasm backend, each batch is split over worker threads (DataParallelTrainer);
   * other backends always train on the main thread (tfjs-node has its own thread pool). Each step waits for the
   * slowest thread: when another job keeps a core busy, 1 thread is faster (AE_THREADS=1 or threads: 1).
   */
  threads?: number;
}

/** What trainAutoencoder returns. */
export interface TrainResult {
  /** Columns epoch (i32), loss, val_loss, seconds (f64), one row per epoch, resumed epochs included. */
  history: pl.DataFrame;
  /** Epochs already done by a checkpoint when this call started (0 for a fresh training). */
  resumedFromEpoch: number;
}

/** Options of evaluateMse. */
export interface EvaluateOptions {
  /** Feed noisy images (N(0, noiseSigma²)) and compare with the clean ones, as for a denoiser. */
  noiseSigma?: number;
  batchSize?: number;
  seed?: number;
}

/** Default images per training step: the course's batch size. */
const DEFAULT_BATCH_SIZE = 32;
/**
 * Smallest batch for evaluateMse: evaluation keeps no gradients, so it batches at least this many images at once
 * (fewer steps) whatever the training batch size.
 */
const MIN_EVALUATION_BATCH_SIZE = 128;
/**
 * Mixed with the training seed to seed the validation noise: an epoch number no training reaches, so the
 * validation seed mixSeed(seed, salt) never equals an epoch's shuffle seed mixSeed(seed, epoch).
 */
const VALIDATION_SEED_SALT = 0x7fffffff;

function positiveInteger(value: unknown, name: string, example: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(`${name} doit être un entier ≥ 1, et non ${String(value)} : passez par exemple ${example}.`);
  }
  return value;
}

/**
 * Mean squared error between `images` (`[n, h, w, c]`) and their reconstructions (from noisy inputs when
 * `noiseSigma` > 0), computed in batches; returns a plain number. Introduced in 12-visualisation-de-la-reconstruction.
 */
export async function evaluateMse(ae: Autoencoder, images: tf.Tensor, options: EvaluateOptions = {}): Promise<number> {
  assertImagesFit(ae, images, 'images');
  const sigma = validateSigma(options.noiseSigma ?? 0);
  const batchSize = positiveInteger(options.batchSize ?? MIN_EVALUATION_BATCH_SIZE, 'batchSize', MIN_EVALUATION_BATCH_SIZE);
  const n = images.shape[0];
  let total = 0;
  for (let start = 0, b = 0; start < n; start += batchSize, b++) {
    const size = Math.min(batchSize, n - start);
    const sum = tf.tidy(() => {
      const clean = images.slice(start, size);
      const seed = options.seed === undefined ? undefined : mixSeed(options.seed, b);
      const input = sigma > 0 ? applyGaussianNoise(clean, sigma, { seed }) : clean;
      const output = ae.autoencoder.apply(input, { training: false }) as tf.Tensor;
      return output.squaredDifference(clean).sum();
    });
    total += (await sum.data())[0];
    sum.dispose();
  }
  return total / images.size;
}

/** Threads the training steps use: options.threads, else backendInfo().threads on wasm (1 before initBackend), else 1. */
function trainingThreads(requested: number | undefined): number {
  if (requested !== undefined) return positiveInteger(requested, 'threads', 2);
  return tf.getBackend() === 'wasm' ? configuredThreads() : 1;
}

/** The progress display trainAutoencoder uses, from its `progress` option, and `say` for its one-line messages. */
function progressOutput(progress: TrainOptions['progress']): { progressOptions: ProgressOptions; mode: ProgressMode; say: (text: string) => void } {
  const progressOptions: ProgressOptions = progress === false ? { mode: 'silent' } : progress === true || progress === undefined ? {} : progress;
  const mode = resolveProgressMode(progressOptions.mode);
  const say = (text: string): void => {
    if (mode !== 'silent') (progressOptions.stream ?? process.stdout).write(`${text}\n`);
  };
  return { progressOptions, mode, say };
}

function historyFrame(rows: EpochLog[]): pl.DataFrame {
  return pl.DataFrame([
    pl.Series('epoch', rows.map((r) => r.epoch), pl.Int32),
    pl.Series('loss', rows.map((r) => r.loss), pl.Float64),
    pl.Series('val_loss', rows.map((r) => r.valLoss), pl.Float64),
    pl.Series('seconds', rows.map((r) => r.seconds), pl.Float64),
  ]);
}

/**
 * Trains `ae.autoencoder` to rebuild `train` images with a custom loop (batches shuffled with a seed each
 * epoch; fresh noise each epoch when `noiseSigma` > 0), measures the validation MSE after every epoch, shows
 * progress, checkpoints to `checkpointDir` after each epoch and resumes from it. The model is updated in place;
 * the result holds only plain data (nothing to dispose). Introduced in 11-entrainement-de-l-autoencodeur.
 * @example const { history } = await trainAutoencoder(ae, { train, validation: test, epochs: 15, seed: 42 });
 */
export async function trainAutoencoder(ae: Autoencoder, options: TrainOptions): Promise<TrainResult> {
  assertImagesFit(ae, options.train, 'train');
  if (options.validation !== undefined) assertImagesFit(ae, options.validation, 'validation');
  const epochs = positiveInteger(options.epochs, 'epochs', 10);
  const batchSize = positiveInteger(options.batchSize ?? DEFAULT_BATCH_SIZE, 'batchSize', DEFAULT_BATCH_SIZE);
  const noiseSigma = validateSigma(options.noiseSigma ?? 0);
  const optimizer = ae.autoencoder.optimizer;
  if (optimizer == null) {
    throw new Error("L'autoencodeur n'est pas compilé : construisez-le avec buildPcaAutoencoder/buildDeepAutoencoder, ou appelez compileAutoencoder().");
  }
  const train = options.train;
  const n = train.shape[0];
  const { progressOptions, mode, say } = progressOutput(options.progress);
  const drawnSeed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const dir = options.checkpointDir;
  const resumed =
    dir === undefined
      ? undefined
      : await resumeCheckpoint(ae, optimizer, dir, { seed: drawnSeed, batchSize, noiseSigma, trainSize: n }, options.seed !== undefined);
  const seed = resumed?.seed ?? drawnSeed;
  const history: EpochLog[] = resumed?.history.slice(0, resumed.epoch) ?? [];
  const startEpoch = resumed?.epoch ?? 0;
  if (resumed !== undefined) say(`Reprise du point de contrôle de ${dir} : ${startEpoch}/${epochs} époques déjà faites.`);

  const variables = ae.autoencoder.trainableWeights.map((w) => w.read() as tf.Variable);
  const batches = Math.ceil(n / batchSize);
  const validationSeed = mixSeed(seed, VALIDATION_SEED_SALT);
  /** Clean images of batch b of `epoch` (the target) and the network's input (their noisy copy when denoising). */
  const makeBatch = (indices: Int32Array, epoch: number, b: number): { clean: tf.Tensor; input: tf.Tensor } =>
    tf.tidy(() => {
      const clean = tf.gather(train, tf.tensor1d(indices, 'int32'));
      const input = noiseSigma > 0 ? applyGaussianNoise(clean, noiseSigma, { seed: mixSeed(seed, epoch, b) }) : clean;
      return { clean, input };
    });

  // On wasm, the steps go through a DataParallelTrainer, whose gradients replay the recorded kernels of the first
  // step (backend/data-parallel/gradients.ts). With several threads it splits each batch between this thread and
  // workers, and the model's optimizer (hence the state that checkpoints save and restore) applies the averaged
  // gradients once, split over the threads for Adamax, whose state goes back into the optimizer before each
  // checkpoint. Created after the checkpoint is restored, so the workers start from the restored weights.
  const threads = trainingThreads(options.threads);
  let trainer: DataParallelTrainer | undefined;
  if (tf.getBackend() === 'wasm' && startEpoch < epochs) {
    const alone = threads > 1 && options.threads === undefined && ae.autoencoder.nonTrainableWeights.length > 0;
    if (alone) say("Ce modèle a des poids non entraînables (par exemple BatchNormalization) que les fils d'exécution ne peuvent pas partager : entraînement sur un seul fil.");
    trainer = await DataParallelTrainer.create(ae.autoencoder, { threads: alone ? 1 : threads, maxBatchSize: batchSize, optimizer });
  }
  /** One optimisation step; resolves to the batch's mean MSE before the step. */
  const trainStep = async (indices: Int32Array, epoch: number, b: number): Promise<number> => {
    if (trainer !== undefined) {
      const { clean, input } = makeBatch(indices, epoch, b);
      try {
        return await trainer.trainBatch(input, clean);
      } finally {
        tf.dispose([clean, input]);
      }
    }
    const cost = tf.tidy(() => {
      const { clean, input } = makeBatch(indices, epoch, b);
      return optimizer.minimize(
        () => tf.losses.meanSquaredError(clean, ae.autoencoder.apply(input, { training: true }) as tf.Tensor) as tf.Scalar,
        true,
        variables,
      ) as tf.Scalar;
    });
    const value = (await cost.data())[0];
    cost.dispose();
    return value;
  };

  try {
    for (let epoch = startEpoch + 1; epoch <= epochs; epoch++) {
      const started = Date.now();
      const bar = new ProgressBar(batches, `Epoch ${epoch}/${epochs}`, { ...progressOptions, mode });
      const order = shuffledIndices(n, mixSeed(seed, epoch));
      let lossSum = 0;
      for (let b = 0; b < batches; b++) {
        const indices = order.subarray(b * batchSize, Math.min(n, (b + 1) * batchSize));
        lossSum += (await trainStep(indices, epoch, b)) * indices.length;
        bar.update(b + 1, `loss ${(lossSum / Math.min(n, (b + 1) * batchSize)).toFixed(4)}`);
      }
      const loss = lossSum / n;
      const valLoss =
        options.validation === undefined
          ? null
          : await evaluateMse(ae, options.validation, { noiseSigma, batchSize: Math.max(batchSize, MIN_EVALUATION_BATCH_SIZE), seed: validationSeed });
      const seconds = (Date.now() - started) / 1000;
      const log: EpochLog = { epoch, epochs, loss, valLoss, seconds };
      history.push(log);
      bar.finish(`loss ${loss.toFixed(4)}${valLoss === null ? '' : ` - val_loss ${valLoss.toFixed(4)}`}`);
      if (dir !== undefined) {
        trainer?.writeOptimizerState();
        await writeCheckpoint(ae, optimizer, dir, { epoch, seed, batchSize, noiseSigma, trainSize: n, history });
      }
      if (options.onEpochEnd) await options.onEpochEnd(log);
    }
  } finally {
    await trainer?.dispose();
  }
  return { history: historyFrame(history), resumedFromEpoch: startEpoch };
}
