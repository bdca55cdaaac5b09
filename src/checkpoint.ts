/**
 * Training checkpoints: one folder holding a saved autoencoder (persistence.ts's files, so it also loads with
 * loadAutoencoder), `checkpoint.json` (the training settings, the epochs done and their history) and
 * `optimizer.bin` (the optimizer's state, so that a resumed training ends exactly where an uninterrupted one
 * does). The folder is written atomically (atomic-write.ts) after each epoch.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { writeFolderAtomically } from './atomic-write';
import type { Autoencoder } from './models/autoencoder';
import { autoencoderFiles, loadWeightsInto } from './persistence';
import { tf } from './tf';

const CHECKPOINT_FILE = 'checkpoint.json';
const OPTIMIZER_FILE = 'optimizer.bin';
const CHECKPOINT_FORMAT = 'autoencodeurs-ts/checkpoint';
/** Version of checkpoint.json; readCheckpoint refuses any other. */
const CHECKPOINT_VERSION = 1;

/** One row of the training history. `valLoss` is null without validation data. */
export interface EpochLog {
  epoch: number;
  epochs: number;
  loss: number;
  valLoss: number | null;
  seconds: number;
}

/** The training settings a checkpoint must be resumed with. */
export interface CheckpointSettings {
  seed: number;
  batchSize: number;
  noiseSigma: number;
  trainSize: number;
}

/** What a checkpoint records besides the weights: the settings, the epochs done and their history. */
export interface CheckpointProgress extends CheckpointSettings {
  epoch: number;
  history: EpochLog[];
}

/** Contents of checkpoint.json. */
interface CheckpointFile extends CheckpointProgress {
  format: string;
  version: number;
  optimizer: { className: string; weights: tf.io.WeightsManifestEntry[] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Reads the checkpoint in `dir`: undefined when the folder is missing or empty; throws a clear Error when it
 * holds something else, a damaged checkpoint, or a checkpoint of an unknown version.
 */
async function readCheckpoint(dir: string): Promise<CheckpointFile | undefined> {
  const file = path.join(path.resolve(dir), CHECKPOINT_FILE);
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch {
    const entries = await fsp.readdir(path.resolve(dir)).catch(() => [] as string[]);
    if (entries.length > 0) {
      throw new Error(
        `« ${dir} » n'est pas vide et ne contient pas de ${CHECKPOINT_FILE} : ce n'est pas un point de contrôle et il serait écrasé ; ` +
          'passez un dossier vide ou nouveau comme checkpointDir (pas le dossier d\'un modèle enregistré).',
      );
    }
    return undefined;
  }
  return readCheckpointFile(file, dir, text);
}

function readCheckpointFile(file: string, dir: string, text: string): CheckpointFile {
  const afresh = `supprimez le dossier « ${dir} » pour reprendre l'entraînement de zéro`;
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch {
    throw new Error(`Le point de contrôle « ${file} » n'est pas un JSON valide : ${afresh}.`);
  }
  if (!isObject(state) || state.format !== CHECKPOINT_FORMAT) {
    throw new Error(`« ${file} » n'est pas un point de contrôle de cette bibliothèque : supprimez-le ou choisissez un autre checkpointDir.`);
  }
  if (state.version !== CHECKPOINT_VERSION) {
    throw new Error(
      `Le point de contrôle « ${file} » est au format version ${String(state.version)}, que cette version de la bibliothèque ` +
        `ne sait pas lire (elle lit la version ${CHECKPOINT_VERSION}) : ${afresh}.`,
    );
  }
  if (!Number.isInteger(state.epoch) || !Array.isArray(state.history) || !isObject(state.optimizer)) {
    throw new Error(`Le point de contrôle « ${file} » est incomplet (epoch, history ou optimizer manquant) : ${afresh}.`);
  }
  return state as unknown as CheckpointFile;
}

/**
 * Resumes from the checkpoint in `dir` when there is one: checks it was made with the `current` settings (the seed
 * only when `seedChosen`), restores the weights into `ae` and the state into `optimizer`, and returns its progress;
 * undefined when `dir` is missing or empty.
 */
export async function resumeCheckpoint(
  ae: Autoencoder,
  optimizer: tf.Optimizer,
  dir: string,
  current: CheckpointSettings,
  seedChosen: boolean,
): Promise<CheckpointProgress | undefined> {
  const saved = await readCheckpoint(dir);
  if (saved === undefined) return undefined;
  assertSameSettings(dir, saved, current, seedChosen);
  await restoreCheckpoint(ae, optimizer, dir, saved);
  return saved;
}

/**
 * Throws a clear Error when the checkpoint `saved` (in `dir`) was made with other settings than `current`;
 * the seed is compared only when the caller chose one (`seedChosen`).
 */
function assertSameSettings(dir: string, saved: CheckpointSettings, current: CheckpointSettings, seedChosen: boolean): void {
  const mismatch = [
    saved.batchSize !== current.batchSize ? `batchSize ${saved.batchSize} (maintenant ${current.batchSize})` : '',
    saved.noiseSigma !== current.noiseSigma ? `noiseSigma ${saved.noiseSigma} (maintenant ${current.noiseSigma})` : '',
    saved.trainSize !== current.trainSize ? `${saved.trainSize} images d'entraînement (maintenant ${current.trainSize})` : '',
    seedChosen && saved.seed !== current.seed ? `seed ${saved.seed} (maintenant ${current.seed})` : '',
  ].filter((s) => s !== '');
  if (mismatch.length > 0) {
    throw new Error(
      `Le point de contrôle de « ${dir} » a été fait avec ${mismatch.join(', ')} : reprenez avec les mêmes réglages, ` +
        'ou supprimez le dossier (ou passez un autre checkpointDir) pour repartir de zéro.',
    );
  }
}

/** The optimizer's state as named tensors; throws when the optimizer cannot export it (a checkpoint without it would not resume exactly). */
async function optimizerState(optimizer: tf.Optimizer): Promise<{ name: string; tensor: tf.Tensor }[]> {
  try {
    return await optimizer.getWeights();
  } catch (e) {
    throw new Error(
      `L'optimiseur ${optimizer.getClassName()} ne peut pas exporter son état (${e instanceof Error ? e.message : String(e)}) : un ` +
        "point de contrôle ne pourrait pas reprendre l'entraînement à l'identique ; compilez le modèle avec compileAutoencoder() (l'Adamax du cours), ou entraînez sans checkpointDir.",
    );
  }
}

/**
 * Writes the checkpoint of `ae` (weights, `optimizer` state and `progress`) as the folder `dir`, atomically.
 * Throws, writing nothing, when the optimizer cannot export its state.
 */
export async function writeCheckpoint(ae: Autoencoder, optimizer: tf.Optimizer, dir: string, progress: CheckpointProgress): Promise<void> {
  const files = await autoencoderFiles(ae);
  const saved = await optimizerState(optimizer);
  try {
    const { data, specs } = await tf.io.encodeWeights(saved);
    files.set(OPTIMIZER_FILE, new Uint8Array(tf.io.concatenateArrayBuffers(data)));
    const state: CheckpointFile = {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      ...progress,
      optimizer: { className: optimizer.getClassName(), weights: specs },
    };
    files.set(CHECKPOINT_FILE, `${JSON.stringify(state, null, 2)}\n`);
  } finally {
    tf.dispose(saved.map((w) => w.tensor));
  }
  await writeFolderAtomically(dir, files);
}

/**
 * Restores the checkpoint `state` read from `dir` into `ae` (weights, in place) and `optimizer` (its state); throws a
 * clear Error when the optimizer is not of the kind the checkpoint was made with.
 */
async function restoreCheckpoint(ae: Autoencoder, optimizer: tf.Optimizer, dir: string, state: CheckpointFile): Promise<void> {
  if (state.optimizer.className !== optimizer.getClassName()) {
    throw new Error(
      `Le point de contrôle de « ${dir} » contient l'état d'un optimiseur ${state.optimizer.className}, mais le modèle est compilé ` +
        `avec ${optimizer.getClassName()} : compilez-le comme lors du point de contrôle, ou supprimez le point de contrôle.`,
    );
  }
  await loadWeightsInto(ae, dir);
  const data = await fsp.readFile(path.join(path.resolve(dir), OPTIMIZER_FILE));
  const map = tf.io.decodeWeights(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength), state.optimizer.weights);
  try {
    await optimizer.setWeights(state.optimizer.weights.map((w) => ({ name: w.name, tensor: map[w.name] })));
  } finally {
    tf.dispose(Object.values(map));
  }
}
