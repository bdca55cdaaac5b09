/**
 * Streams the files of a .tgz archive (zlib + tar-stream) without extracting anything to disk,
 * refusing entries whose path tries to leave the archive's folder and naming damaged archives clearly.
 */
import * as fs from 'fs';
import * as zlib from 'zlib';
import { pipeline } from 'stream/promises';
import * as tar from 'tar-stream';

/** One regular file read from an archive. */
export interface ArchiveFile {
  /** Path inside the archive, e.g. `lfw/AJ_Cook/AJ_Cook_0001.jpg`. */
  path: string;
  data: Buffer;
}

/** Options of readTarGz(). */
export interface ReadTarGzOptions {
  /** Reads only the files for which this returns true (the others are skipped without buffering). */
  want?: (entryPath: string) => boolean;
}

class UnsafeEntryError extends Error {}

/** Throws when an archive entry path (or link target) is absolute or climbs out with `..`; `archive` names the file in the message. */
export function checkEntryPath(entryPath: string, archive = "l'archive"): void {
  const normalized = entryPath.replace(/\\/g, '/');
  if (normalized.startsWith('/') || /^[A-Za-z]:/.test(normalized) || normalized.split('/').includes('..')) {
    throw new UnsafeEntryError(
      `Entrée dangereuse « ${entryPath} » dans ${archive} : son chemin sort du dossier de l'archive (chemin absolu ou « .. »). ` +
        "Ce n'est pas une archive LFW authentique, ou elle a été modifiée : supprimez-la et téléchargez-la de nouveau depuis une source officielle.",
    );
  }
}

/**
 * Yields the regular files of the gzip-compressed tar `file`, in archive order, as {path, data}.
 * Throws a clear error for a missing, truncated or corrupt archive and for unsafe entry paths.
 */
export async function* readTarGz(file: string, options: ReadTarGzOptions = {}): AsyncGenerator<ArchiveFile> {
  const want = options.want ?? (() => true);
  const source = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  const gunzip = zlib.createGunzip({ chunkSize: 1 << 18 });
  const extract = tar.extract();
  let streamError: unknown;
  const piping = pipeline(source, gunzip, extract).catch((error: unknown) => {
    streamError = error;
  });
  try {
    for await (const entry of extract) {
      const { name, type, linkname } = entry.header;
      checkEntryPath(name, file);
      if ((type === 'link' || type === 'symlink') && linkname) checkEntryPath(linkname, file);
      if ((type !== 'file' && type !== 'contiguous-file') || !want(name)) {
        entry.resume();
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      yield { path: name, data: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks) };
    }
    await piping;
    if (streamError !== undefined) throw streamError;
  } catch (error) {
    if (error instanceof UnsafeEntryError) throw error;
    throw describeArchiveError(file, streamError ?? error);
  } finally {
    source.destroy();
    gunzip.destroy();
    extract.destroy();
  }
}

function describeArchiveError(file: string, error: unknown): Error {
  const err = error as NodeJS.ErrnoException;
  if (err && err.code === 'ENOENT') {
    return new Error(`L'archive ${file} n'existe pas. Placez-y l'archive LFW, ou réglez AE_DATA_DIR sur le dossier qui la contient.`);
  }
  const message = err && err.message ? err.message : String(error);
  const truncated = /unexpected end|premature|end of data/i.test(message);
  return new Error(
    `L'archive ${file} est ${truncated ? 'tronquée' : 'abîmée'} (${message}). ` +
      'Supprimez-la et téléchargez-la de nouveau (le chargement retélécharge une archive absente), ou copiez-y un lfw.tgz complet.',
  );
}
