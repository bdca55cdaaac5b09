/**
 * JSON files of the course (training histories, results): written with sorted keys, atomically, and read back
 * with an error that says which part writes the missing file.
 */
import * as fs from 'node:fs';
import { writeFileAtomic } from './atomic-write';
import { sortKeysDeep } from './sorted-keys';

/**
 * Writes `value` as JSON (sorted keys, 2-space indent, trailing newline) through a temp file + rename.
 */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, `${JSON.stringify(sortKeysDeep(value), null, 2)}\n`);
}

/** Reads a JSON file written by writeJsonAtomic(); throws a clear error when missing. Introduced in 27-sauvegarde-des-modeles-entraines. */
export function readJson<T = unknown>(file: string): T {
  if (!fs.existsSync(file)) {
    throw new Error(`Fichier introuvable : ${file}. Exécutez d'abord la partie qui l'écrit.`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}
