/**
 * The course's saved models, kept between notebooks as <work>/models/<name>: save, require (with the part to
 * run when missing), list and delete. The file format itself is persistence.ts's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Autoencoder } from './models';
import { modelDir, modelsDir } from './paths';
import { AUTOENCODER_META_FILE, loadAutoencoder, saveAutoencoder } from './persistence';

/** True when a model named `name` is saved in <work>/models (its autoencoder.json exists). */
export function hasModel(name: string): boolean {
  return fs.existsSync(path.join(modelDir(name), AUTOENCODER_META_FILE));
}

/**
 * Saves `ae` as <work>/models/<name> (atomic, via saveAutoencoder) and returns the folder.
 * Introduced in 11-entrainement-de-l-autoencodeur.
 */
export async function saveCourseModel(ae: Autoencoder, name: string): Promise<string> {
  const dir = modelDir(name);
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
      `Modèle introuvable : exécutez d'abord la partie ${part} (elle enregistre « ${name} » dans ${modelDir(name)}).`,
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
    throw new Error(
      `deleteCourseModel('${name}') : aucun modèle enregistré sous le nom « ${name} » dans ${modelsDir()} ; rien n'a été supprimé. ` +
        'Vérifiez le nom avec listSavedModels().',
    );
  }
  fs.rmSync(modelDir(name), { recursive: true, force: true });
}
