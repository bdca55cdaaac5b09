/** A first look into the LFW archive: its first few photos, without reading the rest. */
import { readTarGz, type ArchiveFile } from './read-archive';

/**
 * Reads the first `count` JPEG files of a .tgz archive, in archive order, with their bytes (stops reading there).
 * Introduced in 04-chemins-des-fichiers.
 */
export async function readArchiveSample(archive: string, count: number): Promise<ArchiveFile[]> {
  if (!Number.isInteger(count) || count < 1) throw new Error(`readArchiveSample(archive, ${count}) : count doit être un entier ≥ 1, par exemple 5.`);
  const files: ArchiveFile[] = [];
  for await (const file of readTarGz(archive, { want: (name) => /\.jpe?g$/i.test(name) })) {
    files.push(file);
    if (files.length >= count) break;
  }
  return files;
}
