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
        `Cannot find the repository root (no package.json above ${__dirname}). ` +
          'Run the course from inside its repository, or set AE_WORK_DIR and AE_DATA_DIR to absolute folders.',
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
  const value = (process.env.AE_QUICK ?? '').trim().toLowerCase();
  return value === '1' || value === 'true' || value === 'yes' || value === 'on';
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
    throw new Error(`AE_SEED="${raw}" is not a non-negative integer. Set AE_SEED to an integer such as 42, or unset it.`);
  }
  return value;
}
