/**
 * Saving and loading autoencoders in the TensorFlow.js layers format (model.json + weights.bin for the
 * encoder and for the decoder, plus autoencoder.json, and a top-level model.json for the whole chained
 * model that reuses the two weight files), with our own file IOHandler so it works without
 * @tensorflow/tfjs-node. Every save goes through writeFolderAtomically (atomic-write.ts), so an interrupted
 * save never destroys the previous model. Training checkpoints add their own files in checkpoint.ts.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { recoverInterruptedSave, writeFolderAtomically, type FolderContents } from './atomic-write';
import { tf } from './tf';
import { assembleAutoencoder, Autoencoder, AutoencoderKind, validateCodeSize, validateImageShape } from './models/autoencoder';

/** Name of the small metadata file of a saved autoencoder. */
export const AUTOENCODER_META_FILE = 'autoencoder.json';
const META_FORMAT = 'autoencodeurs-ts/autoencoder';
const META_VERSION = 1;
const PARTS = ['encoder', 'decoder'] as const;

/** Contents of autoencoder.json. */
export interface AutoencoderMeta {
  format: string;
  version: number;
  kind: AutoencoderKind;
  imageShape: [number, number, number];
  codeSize: number;
  encoder: string;
  decoder: string;
  /** The chained model (encoder then decoder), whose manifest points at the encoder's and decoder's weights. */
  autoencoder: string;
  tfjsVersion: string;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Serialises a layers model to the TensorFlow.js file format: model.json text + weights.bin bytes. */
async function serializeModel(model: tf.LayersModel, weightsFile = 'weights.bin'): Promise<{ json: string; weights: Uint8Array }> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  if (captured === undefined || captured.weightSpecs === undefined || captured.weightData === undefined) {
    throw new Error(`Le modèle ${model.name} n'a produit aucun poids à l'enregistrement : construisez-le d'abord avec tf.sequential ou tf.model.`);
  }
  const modelJson = {
    modelTopology: captured.modelTopology,
    format: captured.format,
    generatedBy: captured.generatedBy,
    convertedBy: captured.convertedBy ?? null,
    weightsManifest: [{ paths: [weightsFile], weights: captured.weightSpecs }],
  };
  const weights = new Uint8Array(tf.io.concatenateArrayBuffers(captured.weightData));
  return { json: JSON.stringify(modelJson), weights };
}

/** The files of a saved autoencoder (autoencoder.json, model.json, encoder/…, decoder/…), ready for writeFolderAtomically. */
export async function autoencoderFiles(ae: Autoencoder): Promise<FolderContents> {
  const files: FolderContents = new Map();
  const meta: AutoencoderMeta = {
    format: META_FORMAT,
    version: META_VERSION,
    kind: ae.kind,
    imageShape: ae.imageShape,
    codeSize: ae.codeSize,
    encoder: 'encoder/model.json',
    decoder: 'decoder/model.json',
    autoencoder: 'model.json',
    tfjsVersion: tf.version.tfjs,
  };
  const manifest: tf.io.WeightsManifestConfig = [];
  for (const part of PARTS) {
    const { json, weights } = await serializeModel(ae[part]);
    files.set(`${part}/model.json`, json);
    files.set(`${part}/weights.bin`, weights);
    manifest.push({ paths: [`${part}/weights.bin`], weights: (JSON.parse(json) as tf.io.ModelJSON).weightsManifest[0].weights });
  }
  // The chained model's weights are the encoder's then the decoder's: its model.json points at both files.
  const chained = JSON.parse((await serializeModel(ae.autoencoder)).json) as tf.io.ModelJSON;
  const describe = (specs: tf.io.WeightsManifestEntry[]) => specs.map((w) => `${w.name}:${w.shape}:${w.dtype}`).join(',');
  if (describe(chained.weightsManifest[0].weights) !== describe(manifest.flatMap((g) => g.weights))) {
    throw new Error('internal error: the chained model\'s weights are not the encoder\'s followed by the decoder\'s.');
  }
  files.set('model.json', JSON.stringify({ ...chained, weightsManifest: manifest }));
  files.set(AUTOENCODER_META_FILE, `${JSON.stringify(meta, null, 2)}\n`);
  return files;
}

/**
 * Saves `ae` to the folder `dir` (created if needed) in TensorFlow.js format: encoder/ and decoder/
 * (model.json + weights.bin each), model.json (the whole autoencoder, reusing those weights; all three load
 * with tf.loadLayersModel('file://…')) and autoencoder.json. Atomic: an interrupted save keeps the previous
 * model. Introduced in 22-sauvegarde-des-modeles.
 */
export async function saveAutoencoder(ae: Autoencoder, dir: string): Promise<void> {
  await writeFolderAtomically(dir, await autoencoderFiles(ae));
}

async function readText(file: string, hint: string): Promise<string> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (e) {
    throw new Error(`Impossible de lire « ${file} » (${errorText(e)}). ${hint}`);
  }
}

function parseJson<T>(text: string, file: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new Error(`« ${file} » n'est pas un JSON valide (${errorText(e)}) : la sauvegarde est abîmée ; enregistrez de nouveau le modèle.`);
  }
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };

/** Reads a model.json and the weight files it lists (relative paths inside its folder): the artifacts tf.io.fromMemory() accepts. */
export async function readModelArtifacts(modelJsonPath: string): Promise<tf.io.ModelArtifacts> {
  const file = path.resolve(modelJsonPath);
  const modelJson = parseJson<tf.io.ModelJSON>(
    await readText(file, 'Vérifiez le chemin, ou enregistrez de nouveau le modèle avec saveAutoencoder().'),
    file,
  );
  if (modelJson.modelTopology == null || !Array.isArray(modelJson.weightsManifest)) {
    throw new Error(`« ${file} » n'est pas un modèle TensorFlow.js (ni modelTopology ni weightsManifest) : enregistrez de nouveau le modèle.`);
  }
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Uint8Array[] = [];
  for (const group of modelJson.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const name of group.paths) {
      if (path.isAbsolute(name) || name.includes('\\') || name.split('/').some((p) => p === '..' || p === '.' || p === '')) {
        throw new Error(`« ${file} » désigne le fichier de poids « ${name} » hors de son dossier : il n'est pas lu ; enregistrez de nouveau le modèle.`);
      }
      const weightPath = path.join(path.dirname(file), name);
      try {
        buffers.push(await fsp.readFile(weightPath));
      } catch (e) {
        throw new Error(`Impossible de lire les poids « ${weightPath} » (${errorText(e)}) : la sauvegarde est incomplète ; enregistrez de nouveau le modèle.`);
      }
    }
  }
  const total = buffers.reduce((s, b) => s + b.byteLength, 0);
  const expected = weightSpecs.every((s) => s.quantization === undefined && s.dtype in DTYPE_BYTES)
    ? weightSpecs.reduce((s, w) => s + w.shape.reduce((p, d) => p * d, 1) * DTYPE_BYTES[w.dtype], 0)
    : total;
  if (total !== expected) {
    throw new Error(`Les poids de « ${file} » font ${total} octets, mais le modèle en demande ${expected} : la sauvegarde est abîmée ; enregistrez de nouveau le modèle.`);
  }
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    weightData.set(b, offset);
    offset += b.byteLength;
  }
  return { modelTopology: modelJson.modelTopology, format: modelJson.format, weightSpecs, weightData: weightData.buffer };
}

/** Reads and checks autoencoder.json in `dir`, after finishing any interrupted save there. */
async function readAutoencoderMeta(dir: string): Promise<AutoencoderMeta> {
  const target = path.resolve(dir);
  await recoverInterruptedSave(target);
  const file = path.join(target, AUTOENCODER_META_FILE);
  const meta = parseJson<AutoencoderMeta>(
    await readText(file, 'Aucun autoencodeur enregistré ici : enregistrez-en un avec saveAutoencoder(ae, dir), ou vérifiez le chemin.'),
    file,
  );
  if (meta.format !== META_FORMAT || meta.version !== META_VERSION) {
    throw new Error(`« ${file} » n'est pas un autoencodeur enregistré par cette bibliothèque (format ${meta.format} v${meta.version}) : enregistrez-le de nouveau.`);
  }
  validateImageShape(meta.imageShape);
  validateCodeSize(meta.codeSize);
  return meta;
}

/**
 * Loads an autoencoder saved by saveAutoencoder() (or a training checkpoint) from `dir`: encoder and
 * decoder with their weights, chained and compiled with Adamax + MSE. The caller disposes it with
 * disposeAutoencoder(). Introduced in 22-sauvegarde-des-modeles.
 */
export async function loadAutoencoder(dir: string): Promise<Autoencoder> {
  const target = path.resolve(dir);
  const meta = await readAutoencoderMeta(target);
  const models: tf.LayersModel[] = [];
  try {
    for (const part of PARTS) {
      const artifacts = await readModelArtifacts(path.join(target, meta[part]));
      models.push(await tf.loadLayersModel(tf.io.fromMemory(artifacts)));
    }
    const ae = assembleAutoencoder(models[0], models[1], meta.kind);
    if (ae.codeSize !== meta.codeSize || ae.imageShape.join(',') !== meta.imageShape.join(',')) {
      throw new Error(`Les modèles de « ${target} » ne correspondent pas à son ${AUTOENCODER_META_FILE} : la sauvegarde est abîmée ; enregistrez-la de nouveau.`);
    }
    return ae;
  } catch (e) {
    models.forEach((m) => m.dispose());
    throw e;
  }
}

/**
 * Loads the weights saved in `dir` into an existing autoencoder of the same architecture (in place;
 * nothing to dispose). Throws a clear Error when the architectures differ.
 */
export async function loadWeightsInto(ae: Autoencoder, dir: string): Promise<void> {
  const target = path.resolve(dir);
  const meta = await readAutoencoderMeta(target);
  const decoded: Record<string, tf.Tensor[]> = {};
  try {
    for (const part of PARTS) {
      const artifacts = await readModelArtifacts(path.join(target, meta[part]));
      const map = tf.io.decodeWeights(artifacts.weightData as ArrayBuffer, artifacts.weightSpecs ?? []);
      const tensors = (artifacts.weightSpecs ?? []).map((s) => map[s.name]);
      decoded[part] = tensors;
      const expected = ae[part].weights.map((w) => w.shape.join('x'));
      const found = tensors.map((t) => t.shape.join('x'));
      if (expected.join(',') !== found.join(',')) {
        throw new Error(
          `${part === 'encoder' ? "L'encodeur" : 'Le décodeur'} enregistré dans « ${target} » a des poids [${found.join(', ')}], mais cet autoencodeur ` +
            `demande [${expected.join(', ')}] : il vient d'une autre architecture ou d'une autre taille de code ; utilisez un autre dossier ou supprimez celui-ci.`,
        );
      }
    }
    for (const part of PARTS) ae[part].setWeights(decoded[part]);
  } finally {
    for (const tensors of Object.values(decoded)) tf.dispose(tensors);
  }
}
