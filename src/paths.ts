/**
 * Where the course keeps its files, and the course-wide switches, read from the shared environment
 * variables (AE_WORK_DIR, AE_DATA_DIR, AE_QUICK, AE_SEED).
 */
import * as fs from 'fs';
import * as path from 'path';

let cachedRepoRoot: string | undefined;

/**
 * Absolute path of the repository root (the nearest folder above this module holding package.json).
 * Introduced in 01-configuration-du-projet.
 */
export function repoRoot(): string {
  if (cachedRepoRoot !== undefined) return cachedRepoRoot;
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      cachedRepoRoot = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(
        `Racine du dépôt introuvable (aucun package.json au-dessus de ${__dirname}). ` +
          'Lancez le cours depuis son dépôt, ou donnez à AE_WORK_DIR et AE_DATA_DIR des chemins absolus.',
      );
    }
    dir = parent;
  }
}

function envPath(name: string): string | undefined {
  const value = process.env[name];
  if (value === undefined || value.trim() === '') return undefined;
  return path.resolve(value.trim());
}

/**
 * Course work folder (AE_WORK_DIR, default <repo>/work): holds cache/, models/, histories/, figures.
 * Introduced in 01-configuration-du-projet.
 */
export function workDir(): string {
  return envPath('AE_WORK_DIR') ?? path.join(repoRoot(), 'work');
}

/**
 * Folder holding lfw.tgz / lfw-deepfunneled.tgz / lfw_attributes.txt (AE_DATA_DIR, default <repo>/work/data).
 * Introduced in 01-configuration-du-projet.
 */
export function dataDir(): string {
  return envPath('AE_DATA_DIR') ?? path.join(repoRoot(), 'work', 'data');
}

/** Folder for decoded-data caches: <work>/cache. */
export function cacheDir(): string {
  return path.join(workDir(), 'cache');
}

/** True when AE_QUICK asks for quick mode (1/true/yes/on): a few hundred images, 1–2 epochs. Introduced in 01-configuration-du-projet. */
export function quickMode(): boolean {
  return isQuickValue(process.env.AE_QUICK);
}

/** True when a value of AE_QUICK asks for quick mode: 1, true, yes or on (any case, spaces ignored). The one parser of AE_QUICK. */
export function isQuickValue(value: string | undefined): boolean {
  return ['1', 'true', 'yes', 'on'].includes((value ?? '').trim().toLowerCase());
}

/**
 * Global course seed from AE_SEED (default 42); throws when AE_SEED is not a non-negative integer.
 * Introduced in 01-configuration-du-projet.
 */
export function courseSeed(): number {
  const raw = process.env.AE_SEED;
  if (raw === undefined || raw.trim() === '') return 42;
  const value = Number(raw.trim());
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`AE_SEED="${raw}" n'est pas un entier positif ou nul : donnez à AE_SEED un entier comme 42, ou supprimez-la.`);
  }
  return value;
}

/** Path relative to the repository root, for printing without machine-specific absolute paths ('.' for the root). Introduced in 01-configuration-du-projet. */
export function relativeToRepo(file: string): string {
  return path.relative(repoRoot(), path.resolve(file)).split(path.sep).join('/') || '.';
}

/** Folder of the saved models, <work>/models. */
export function modelsDir(): string {
  return path.join(workDir(), 'models');
}

/** Folder of one saved model, <work>/models/<name> (e.g. 'pca-32'). Introduced in 22-sauvegarde-des-modeles. */
export function modelDir(name: string): string {
  checkName(name, 'modelDir');
  return path.join(modelsDir(), name);
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

/** Folder of the saved training histories and results, <work>/histories. */
export function historiesDir(): string {
  return path.join(workDir(), 'histories');
}

/** Path of the JSON file <work>/histories/<name>.json. */
export function historyPath(name: string): string {
  checkName(name, 'historyPath');
  return path.join(historiesDir(), `${name}.json`);
}

function checkName(name: string, fn: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new Error(`${fn}('${name}') : choisissez un nom simple fait de lettres, de chiffres, de « . », « _ » ou « - », par exemple 'deep-32'.`);
  }
}
