/**
 * Training histories kept between notebooks: saved by the part that trains a model as
 * <work>/histories/<name>.json, loaded back by the parts that compare them.
 */
import * as fs from 'node:fs';
import pl from 'nodejs-polars';
import { readJson, writeJsonAtomic } from './json-file';
import { historyPath } from './paths';

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
    throw new Error(`Historique introuvable : ${hint} (${file}).`);
  }
  const rows = readJson<Record<string, unknown>[]>(file);
  if (!Array.isArray(rows)) throw new Error(`${file} n'est pas une liste de lignes : supprimez-le et exécutez de nouveau la partie d'entraînement.`);
  return pl.readRecords(rows);
}
