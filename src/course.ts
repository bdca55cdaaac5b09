/**
 * Course glue: what every notebook needs to run alone in a fresh kernel (the cached data split,
 * the epoch budget of quick mode, where saved models and training histories live).
 * The heavy lifting stays in the library modules; this file only wires them together.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from './atomic-write';
import { tf } from './tf';
import { repoRoot, workDir, quickMode, courseSeed } from './paths';
import { loadLfw, trainTestSplit, readTarGz } from './data';
import type { LfwOptions, ArchiveFile } from './data';
import { AUTOENCODER_META_FILE, loadAutoencoder, saveAutoencoder } from './persistence';
import { seededRandom } from './random';
import { sortKeysDeep } from './sorted-keys';
import type { Autoencoder } from './models';
import pl from 'nodejs-polars';

/** Fraction of the images kept aside as the test set. */
export const COURSE_TEST_FRACTION = 0.1;

/** The course's data: a seeded train/test split of LFW faces with the aligned attribute table. */
export interface CourseData {
  /** Training faces, [nTrain, h, w, 3] in [0, 1]; dispose with disposeCourseData(). */
  train: tf.Tensor4D;
  /** Test faces, [nTest, h, w, 3] in [0, 1]; dispose with disposeCourseData(). */
  test: tf.Tensor4D;
  /** Attribute table of ALL loaded images (row i ↔ image i): columns person, imagenum, then attributes. */
  attributes: pl.DataFrame;
  /** Shape of one face, [h, w, 3]. */
  imageShape: [number, number, number];
  /** trainIndices[j] = row of `attributes` for train image j. */
  trainIndices: number[];
  /** testIndices[j] = row of `attributes` for test image j. */
  testIndices: number[];
}

/** Options of loadCourseData(): loadLfw's options plus the split's; the defaults are the course's (all images, LFW_QUICK_MAX_IMAGES in quick mode). */
export interface CourseDataOptions extends LfwOptions {
  /** Fraction kept for testing (default 0.1). */
  testFraction?: number;
  /** Seed of the split (default courseSeed(), i.e. AE_SEED or 42). */
  seed?: number;
}

/**
 * Loads LFW (from the decoded cache after the first time) and splits it with the course's seed.
 * Honours AE_QUICK (loadLfw then keeps LFW_QUICK_MAX_IMAGES images). The caller owns `train` and `test` (disposeCourseData).
 * Introduced in 07-preparation-des-donnees-d-entrainement.
 */
export async function loadCourseData(options: CourseDataOptions = {}): Promise<CourseData> {
  const { testFraction = COURSE_TEST_FRACTION, seed = courseSeed(), ...lfwOptions } = options;
  const dataset = await loadLfw(lfwOptions);
  try {
    const split = trainTestSplit(dataset.images, { testFraction, seed });
    return {
      train: split.train as tf.Tensor4D,
      test: split.test as tf.Tensor4D,
      attributes: dataset.attributes,
      imageShape: [...dataset.imageShape] as [number, number, number],
      trainIndices: Array.from(split.trainIndices),
      testIndices: Array.from(split.testIndices),
    };
  } finally {
    dataset.images.dispose();
  }
}

/** Frees the tensors of a CourseData (train and test). Introduced in 07-preparation-des-donnees-d-entrainement. */
export function disposeCourseData(data: CourseData): void {
  data.train.dispose();
  data.test.dispose();
}

/**
 * Epochs to run: `fullEpochs` in the full course, at most 2 in quick mode (AE_QUICK=1).
 * Introduced in 11-entrainement-de-l-autoencodeur.
 */
export function courseEpochs(fullEpochs: number): number {
  if (!Number.isInteger(fullEpochs) || fullEpochs < 1) {
    throw new Error(`courseEpochs(${fullEpochs}): expected a positive whole number of epochs, e.g. courseEpochs(15).`);
  }
  return quickMode() ? Math.min(fullEpochs, 2) : fullEpochs;
}

/** Folder of the saved models, <work>/models. Introduced in 11-entrainement-de-l-autoencodeur. */
export function modelsDir(): string {
  return path.join(workDir(), 'models');
}

/** Folder of one saved model, <work>/models/<name> (e.g. 'pca-32'). Introduced in 11-entrainement-de-l-autoencodeur. */
export function modelDir(name: string): string {
  checkName(name, 'modelDir');
  return path.join(modelsDir(), name);
}

/** True when a model named `name` is saved in <work>/models (its autoencoder.json exists). Introduced in 12-visualisation-de-la-reconstruction. */
export function hasModel(name: string): boolean {
  return fs.existsSync(path.join(modelDir(name), AUTOENCODER_META_FILE));
}

/**
 * Saves `ae` as <work>/models/<name> (atomic, via saveAutoencoder) and returns the folder.
 * Introduced in 11-entrainement-de-l-autoencodeur.
 */
export async function saveCourseModel(ae: Autoencoder, name: string): Promise<string> {
  const dir = modelDir(name);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  await saveAutoencoder(ae, dir);
  return dir;
}

/**
 * Loads the model saved as <work>/models/<name>; throws « Modèle introuvable : exécutez d'abord la partie N »
 * when it is missing. The caller owns the returned models (dispose them when done).
 * Introduced in 12-visualisation-de-la-reconstruction.
 */
export async function requireModel(name: string, part: number): Promise<Autoencoder> {
  if (!hasModel(name)) {
    throw new Error(
      `Modèle introuvable : exécutez d'abord la partie ${part} (elle enregistre « ${name} » dans ${modelDir(name)}). ` +
        `Model '${name}' not found in ${modelsDir()}: run part ${part} first.`,
    );
  }
  return loadAutoencoder(modelDir(name));
}

/** One saved model with the size of its files, as listed by listSavedModels(). */
export interface SavedModelInfo {
  name: string;
  files: { file: string; bytes: number }[];
  bytes: number;
}

/** Lists the models saved in <work>/models (sorted by name) with every file (relative paths, '/'-separated) and its size. Introduced in 22-sauvegarde-des-modeles. */
export function listSavedModels(): SavedModelInfo[] {
  const root = modelsDir();
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && hasModel(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const files = listFilesRecursively(path.join(root, name));
      return { name, files, bytes: files.reduce((sum, f) => sum + f.bytes, 0) };
    });
}

function listFilesRecursively(dir: string, prefix = ''): { file: string; bytes: number }[] {
  const out: { file: string; bytes: number }[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFilesRecursively(path.join(dir, entry.name), rel));
    else if (entry.isFile()) out.push({ file: rel, bytes: fs.statSync(path.join(dir, entry.name)).size });
  }
  return out;
}

/**
 * Deletes the saved model <work>/models/<name> (e.g. a demonstration copy); throws when no model is saved under
 * that name, so a typo never deletes anything else. Introduced in 22-sauvegarde-des-modeles.
 */
export function deleteCourseModel(name: string): void {
  if (!hasModel(name)) {
    throw new Error(`deleteCourseModel('${name}'): no saved model named '${name}' in ${modelsDir()}; nothing deleted. Check the name with listSavedModels().`);
  }
  fs.rmSync(modelDir(name), { recursive: true, force: true });
}

/**
 * Folder of a training checkpoint (pass it as trainAutoencoder's checkpointDir): <work>/checkpoints/<name>, or
 * <work>/checkpoints/quick/<name> in quick mode so that quick and full runs never resume each other's training.
 * Introduced in 11-entrainement-de-l-autoencodeur.
 */
export function checkpointDir(name: string): string {
  checkName(name, 'checkpointDir');
  return quickMode() ? path.join(workDir(), 'checkpoints', 'quick', name) : path.join(workDir(), 'checkpoints', name);
}

/** Folder of the saved training histories and results, <work>/histories. Introduced in 11-entrainement-de-l-autoencodeur. */
export function historiesDir(): string {
  return path.join(workDir(), 'histories');
}

/** Path of the JSON file <work>/histories/<name>.json. Introduced in 11-entrainement-de-l-autoencodeur. */
export function historyPath(name: string): string {
  checkName(name, 'historyPath');
  return path.join(historiesDir(), `${name}.json`);
}

/**
 * Writes `value` as JSON (sorted keys, 2-space indent, trailing newline) through a temp file + rename.
 * Introduced in 11-entrainement-de-l-autoencodeur.
 */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, `${JSON.stringify(sortKeysDeep(value), null, 2)}\n`);
}

/** Reads a JSON file written by writeJsonAtomic(); throws a clear error when missing. Introduced in 27-sauvegarde-des-modeles-entraines. */
export function readJson<T = unknown>(file: string): T {
  if (!fs.existsSync(file)) {
    throw new Error(`Fichier introuvable : ${file}. File not found: run the part that writes it first.`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/**
 * Saves a training history (a polars DataFrame or plain rows) as <work>/histories/<name>.json (array of rows).
 * Returns the file path. Introduced in 11-entrainement-de-l-autoencodeur.
 */
export function saveHistory(name: string, history: pl.DataFrame | Record<string, unknown>[]): string {
  const rows = Array.isArray(history) ? history : (history.toRecords() as Record<string, unknown>[]);
  const file = historyPath(name);
  writeJsonAtomic(file, rows);
  return file;
}

/**
 * Loads the history saved by saveHistory() as a polars DataFrame; throws « Historique introuvable :
 * exécutez d'abord la partie N » when missing (`part` optional). Introduced in 19-redefinir-l-autoencodeur-avec-une-taille-de-code-32.
 */
export function loadHistory(name: string, part?: number): pl.DataFrame {
  const file = historyPath(name);
  if (!fs.existsSync(file)) {
    const hint = part === undefined ? 'exécutez d\'abord la partie qui l\'enregistre' : `exécutez d'abord la partie ${part}`;
    throw new Error(`Historique introuvable : ${hint} (${file}). History '${name}' not found: run ${part === undefined ? 'the part that saves it' : `part ${part}`} first.`);
  }
  const rows = readJson<Record<string, unknown>[]>(file);
  if (!Array.isArray(rows)) throw new Error(`${file} is not a list of rows: delete it and run the training part again.`);
  return pl.readRecords(rows);
}

/**
 * Formats a test error: `Final MSE: 0.0066` (the reference course's line) without `label`, and with a
 * French `label` the French colon, `label : 0.0066`. Introduced in 12-visualisation-de-la-reconstruction.
 */
export function formatMse(mse: number, label?: string): string {
  if (!Number.isFinite(mse)) throw new Error(`formatMse(${mse}): the MSE is not a finite number; check the model and the data.`);
  return label === undefined ? `Final MSE: ${mse.toFixed(4)}` : `${label} : ${mse.toFixed(4)}`;
}

/**
 * Picks `count` distinct indices in [0, n) with a seeded generator (same seed → same faces), in draw order.
 * Introduced in 08-visualisation-des-donnees.
 */
export function pickIndices(n: number, count: number, seed: number = courseSeed()): number[] {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(count) || count < 0) {
    throw new Error(`pickIndices(${n}, ${count}): expected whole numbers n ≥ 0 and count ≥ 0.`);
  }
  const k = Math.min(count, n);
  const pool = Array.from({ length: n }, (_, i) => i);
  const random = seededRandom(seed);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (n - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, k);
}

/** Version of the course library, read from package.json. Introduced in 01-configuration-du-projet. */
export function courseVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

/** Path relative to the repository root, for printing without machine-specific absolute paths ('.' for the root). Introduced in 01-configuration-du-projet. */
export function relativeToRepo(file: string): string {
  return path.relative(repoRoot(), path.resolve(file)).split(path.sep).join('/') || '.';
}

/** Installed version of each dependency in package.json (null when absent, e.g. @tensorflow/tfjs-node here), sorted by name. Introduced in 03-importation-des-bibliotheques. */
export function dependencyVersions(): Record<string, string | null> {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
  };
  const names = [...new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})])].sort();
  const out: Record<string, string | null> = {};
  for (const name of names) {
    try {
      const manifest = path.join(repoRoot(), 'node_modules', ...name.split('/'), 'package.json');
      out[name] = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version?: string }).version ?? null;
    } catch {
      out[name] = null;
    }
  }
  return out;
}

/**
 * Reads the first `count` JPEG files of a .tgz archive, in archive order, with their bytes (stops reading there).
 * Introduced in 04-chemins-des-fichiers.
 */
export async function readArchiveSample(archive: string, count: number): Promise<ArchiveFile[]> {
  if (!Number.isInteger(count) || count < 1) throw new Error(`readArchiveSample(archive, ${count}): count must be a whole number ≥ 1, e.g. 5.`);
  const files: ArchiveFile[] = [];
  for await (const file of readTarGz(archive, { want: (name) => /\.jpe?g$/i.test(name) })) {
    files.push(file);
    if (files.length >= count) break;
  }
  return files;
}

function checkName(name: string, fn: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new Error(`${fn}('${name}'): use a simple name made of letters, digits, '.', '_' or '-', e.g. 'deep-32'.`);
  }
}
