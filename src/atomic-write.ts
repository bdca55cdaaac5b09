/**
 * Atomic writes of files and folders, so that nothing half-written is ever visible where a reader looks.
 * One rule for every writer of the course (face cache, download, saved models, checkpoints, pages): content
 * goes to a hidden temporary sibling `.<name>.tmp-<pid>-<random>` (same folder, so the final rename is atomic)
 * and is renamed over the target only once complete and flushed. Temporaries left by a crashed process are
 * removed by the next write of the same target once they are older than STALE_TEMP_AGE_MS.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

/** Marker between the target's name and the unique suffix of its temporary siblings. */
const TEMP_MARKER = '.tmp-';
/** Marker of the previous version of a folder, moved aside while the new one is renamed in. */
const BACKUP_MARKER = '.old-';

/**
 * Age after which a temporary sibling counts as left by a crashed writer. An hour: a live writer touches its
 * temporary far more often (a slow download still writes every few seconds), so no live write is ever removed.
 */
export const STALE_TEMP_AGE_MS = 60 * 60 * 1000;

/** Content of a file to write: text, bytes, or byte chunks written one after the other. */
export type FileContent = string | Uint8Array | readonly Uint8Array[];

/** Files of a folder to write: relative path (with "/") → content. */
export type FolderContents = Map<string, string | Uint8Array>;

function hiddenSibling(target: string, marker: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}${marker}`);
}

/** A fresh temporary sibling of `target` following the course's one naming rule: `.<name>.tmp-<pid>-<random>`. */
export function tempSiblingOf(target: string): string {
  return `${hiddenSibling(path.resolve(target), TEMP_MARKER)}${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
}

/**
 * Removes the temporary siblings of `target` (files or folders named by tempSiblingOf) that interrupted writes
 * left behind, once their last change is older than STALE_TEMP_AGE_MS at time `now`; never throws.
 */
export function removeStaleTemps(target: string, now: number = Date.now()): void {
  const prefix = path.basename(hiddenSibling(path.resolve(target), TEMP_MARKER));
  const dir = path.dirname(path.resolve(target));
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const temp = path.join(dir, name);
    try {
      if (now - fs.statSync(temp).mtimeMs > STALE_TEMP_AGE_MS) fs.rmSync(temp, { recursive: true, force: true });
    } catch {
      // Another process may have removed it already.
    }
  }
}

function writeAllSync(fd: number, content: FileContent): void {
  const chunks = typeof content === 'string' ? [Buffer.from(content, 'utf8')] : content instanceof Uint8Array ? [content] : content;
  for (const chunk of chunks) {
    let offset = 0;
    while (offset < chunk.length) offset += fs.writeSync(fd, chunk, offset, chunk.length - offset);
  }
}

/**
 * Writes `content` to `file` atomically (temporary sibling, flushed, then renamed); creates the folder if needed,
 * removes stale temporaries of `file`, and removes its own temporary when anything fails (the error is rethrown).
 */
export function writeFileAtomic(file: string, content: FileContent): void {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  removeStaleTemps(target);
  const temp = tempSiblingOf(target);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx');
    writeAllSync(fd, content);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, target);
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * Lets `write(temp)` fill a temporary sibling of `file` (e.g. a stream), then renames it over `file`; when
 * `write` or the rename fails, removes the temporary and rethrows. Creates the folder and removes stale temporaries first.
 */
export async function writeFileAtomicWith<T>(file: string, write: (temp: string) => Promise<T>): Promise<T> {
  const target = path.resolve(file);
  await fsp.mkdir(path.dirname(target), { recursive: true });
  removeStaleTemps(target);
  const temp = tempSiblingOf(target);
  try {
    const result = await write(temp);
    await fsp.rename(temp, target);
    return result;
  } catch (error) {
    await fsp.rm(temp, { force: true });
    throw error;
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fsp.lstat(p);
    return true;
  } catch {
    return false;
  }
}

async function writeFileDurably(file: string, content: string | Uint8Array): Promise<void> {
  const handle = await fsp.open(file, 'wx');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await fsp.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not every file system lets a folder be synced; the renames are still atomic.
  }
}

/**
 * Finishes an interrupted folder write: removes stale temporaries of `dir` and, when `dir` is missing but its
 * previous version was moved aside (`.<name>.old-*`), moves the newest one back.
 */
export async function recoverInterruptedSave(dir: string): Promise<void> {
  const target = path.resolve(dir);
  removeStaleTemps(target);
  if (await exists(target)) return;
  const parent = path.dirname(target);
  const prefix = path.basename(hiddenSibling(target, BACKUP_MARKER));
  const names = await fsp.readdir(parent).catch(() => [] as string[]);
  const backups = [];
  for (const name of names.filter((n) => n.startsWith(prefix))) {
    const stat = await fsp.stat(path.join(parent, name)).catch(() => undefined);
    if (stat?.isDirectory()) backups.push({ name, mtimeMs: stat.mtimeMs });
  }
  backups.sort((a, b) => b.mtimeMs - a.mtimeMs);
  if (backups.length > 0) await fsp.rename(path.join(parent, backups[0].name), target);
}

function checkRelativeNames(files: FolderContents): void {
  for (const rel of files.keys()) {
    if (rel === '' || path.isAbsolute(rel) || rel.split('/').some((p) => p === '..' || p === '.' || p === '')) {
      throw new Error(`internal error: file name "${rel}" must be a relative path inside the folder.`);
    }
  }
}

function cannotWrite(target: string, e: unknown): Error {
  return new Error(
    `Impossible d'écrire « ${target} » (${e instanceof Error ? e.message : String(e)}). Choisissez un dossier où vous pouvez ` +
      `écrire (vérifiez ses droits, et qu'aucun fichier du chemin ne porte le nom d'un dossier) ; ce qui y était déjà enregistré est intact.`,
  );
}

/** Moves the complete folder `temp` to `target`, keeping the previous `target` aside until the new one is in place. */
async function swapIn(temp: string, target: string): Promise<void> {
  const parent = path.dirname(target);
  if (!(await exists(target))) {
    await fsp.rename(temp, target);
    await syncDirectory(parent);
    return;
  }
  const backup = `${hiddenSibling(target, BACKUP_MARKER)}${crypto.randomBytes(6).toString('hex')}`;
  await fsp.rename(target, backup);
  try {
    await fsp.rename(temp, target);
  } catch (e) {
    await fsp.rename(backup, target);
    throw e;
  }
  await syncDirectory(parent);
  await fsp.rm(backup, { recursive: true, force: true });
}

/**
 * Writes `files` as the folder `dir`, atomically: into a temporary sibling first, then swapped in with renames
 * (the old folder is removed only once the new one is in place). Throws a clear Error when the folder cannot be
 * written, leaving the previous contents untouched.
 */
export async function writeFolderAtomically(dir: string, files: FolderContents): Promise<void> {
  const target = path.resolve(dir);
  checkRelativeNames(files);
  const temp = tempSiblingOf(target);
  try {
    await recoverInterruptedSave(target);
    const stat = await fsp.stat(target).catch(() => undefined);
    if (stat && !stat.isDirectory()) throw new Error('un fichier porte déjà ce nom');
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.mkdir(temp);
  } catch (e) {
    throw cannotWrite(target, e);
  }
  try {
    for (const [rel, content] of files) {
      const file = path.join(temp, ...rel.split('/'));
      await fsp.mkdir(path.dirname(file), { recursive: true });
      await writeFileDurably(file, content);
    }
    await syncDirectory(temp);
    await swapIn(temp, target);
  } catch (e) {
    await fsp.rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw cannotWrite(target, e);
  }
}
