/**
 * Atomic file writes, so that nothing half-written is ever left where a reader looks.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes `content` to `file` through a hidden temporary sibling (same folder, so the rename is atomic) and a
 * rename; creates the folder if needed and removes the temporary file when anything fails (the error is rethrown).
 */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(temp, content);
    fs.renameSync(temp, file);
  } catch (error) {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // Nothing was created (e.g. the parent is not a folder).
    }
    throw error;
  }
}

/**
 * Removes the temporary files `<name of file><marker>…` beside `file` that interrupted writes left behind, once
 * they are older than `maxAgeMs` (default 10 minutes, so a write still in progress elsewhere is spared); never throws.
 */
export function removeStaleTemps(file: string, marker: string, maxAgeMs = 10 * 60 * 1000): void {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}${marker}`;
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
      if (Date.now() - fs.statSync(temp).mtimeMs > maxAgeMs) fs.rmSync(temp, { force: true });
    } catch {
      // Another process may have removed it already.
    }
  }
}
