/**
 * Writing LFW's official layouts: archives (`lfw/<Name>/<Name>_<NNNN>.jpg` inside a .tgz) and the attribute file
 * (`lfw_attributes.txt`): what the synthetic sample and the tests' fixtures are written with.
 */
import * as zlib from 'zlib';
import * as tar from 'tar-stream';

/** One tar entry: a file with data, a directory, or a link. */
export interface TarEntry {
  name: string;
  data?: Buffer | string;
  type?: 'file' | 'directory' | 'symlink';
  linkname?: string;
}

/** Modification date of every archive entry (the month LFW was published). */
const ARCHIVE_DATE = new Date('2007-10-01T00:00:00Z');

/** Packs `entries` into a gzip-compressed tar (in memory); the same entries always give the same bytes. */
export async function buildTarGz(entries: TarEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const gzip = zlib.createGzip();
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    gzip.on('end', resolve);
    gzip.on('error', reject);
  });
  pack.pipe(gzip);
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    // A fixed date (tar-stream's default is now), so that the same entries always give the same bytes.
    if (type === 'file') {
      pack.entry({ name: entry.name, type, mtime: ARCHIVE_DATE }, typeof entry.data === 'string' ? Buffer.from(entry.data) : (entry.data ?? Buffer.alloc(0)));
    } else {
      pack.entry({ name: entry.name, type, linkname: entry.linkname, mtime: ARCHIVE_DATE });
    }
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** Archive path of a photo in the official layout. */
export function photoPath(photo: { person: string; imagenum: number }, top = 'lfw'): string {
  const name = photo.person.replace(/ /g, '_');
  return `${top}/${name}/${name}_${String(photo.imagenum).padStart(4, '0')}.jpg`;
}

/** One row of the attribute file: a photo and its attribute values (in the order of the header's names). */
export interface AttributeRow {
  person: string;
  imagenum: number;
  values: number[];
}

/** Text of an attribute file in the official layout: a comment line, the `#\tperson\timagenum\t<names>` header, one row per photo. */
export function attributeFileText(comment: string, names: readonly string[], rows: readonly AttributeRow[]): string {
  const lines = [
    `# ${comment}`,
    ['#', 'person', 'imagenum', ...names].join('\t'),
    ...rows.map((row) => [row.person, String(row.imagenum), ...row.values.map(String)].join('\t')),
  ];
  return `${lines.join('\n')}\n`;
}
