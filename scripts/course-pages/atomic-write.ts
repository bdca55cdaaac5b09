/**
 * Atomic file writes: nothing half-written is ever left where a reader looks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes a file atomically (temp file in the same folder, then rename); creates the folder if needed. */
export function writeFileAtomic(file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, content);
    fs.renameSync(temp, file);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}
