/**
 * Test helper: builds a tiny LFW look-alike in a temp folder: a .tgz in the official layout
 * (lfw/<Name>/<Name>_<NNNN>.jpg, packed by tools/lfw-archive.ts) holding sharp-made JPEGs, and an
 * attribute file in the official layout. Runs anywhere, no network.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import sharp from 'sharp';
import { attributeFileText, buildTarGz, photoPath, type TarEntry } from '../../tools';

export type Rgb = [number, number, number];

/** A JPEG of `width` × `height`: `border` colour everywhere, `center` colour inside the `inset` margin. */
export async function makeJpeg(
  width: number,
  height: number,
  center: Rgb,
  options: { border?: Rgb; inset?: number; channels?: 1 | 3 } = {},
): Promise<Buffer> {
  const border = options.border ?? center;
  const inset = options.inset ?? 0;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = x >= inset && x < width - inset && y >= inset && y < height - inset;
      const colour = inside ? center : border;
      pixels.set(colour, (y * width + x) * 3);
    }
  }
  if (options.channels === 1) {
    const grey = Buffer.alloc(width * height);
    for (let i = 0; i < grey.length; i++) grey[i] = pixels[i * 3];
    return sharp(grey, { raw: { width, height, channels: 1 } }).toColourspace('b-w').jpeg({ quality: 100 }).toBuffer();
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 100, chromaSubsampling: '4:4:4' }).toBuffer();
}

/** One photo of the fixture: who, which number, and its colours. */
export interface FixturePhoto {
  person: string;
  imagenum: number;
  /** Colour of the face (the part kept by the crop). */
  colour: Rgb;
}

/** Attribute names of the fixture, deliberately not in the official order. */
export const FIXTURE_ATTRIBUTES = ['Smiling', 'Male', 'Eyeglasses'];

/** Value of attribute j for fixture row i (distinct, real-valued like the official file). */
export function fixtureValue(row: number, column: number): number {
  return Number(((row + 1) * (column % 2 === 0 ? 0.5 : -1.25) + column).toFixed(3));
}

/** Attribute file text in the official layout for `rows` (values from fixtureValue). */
export function attributeText(rows: { person: string; imagenum: number }[], names: string[] = FIXTURE_ATTRIBUTES): string {
  const valued = rows.map((row, i) => ({ person: row.person, imagenum: row.imagenum, values: names.map((_, j) => fixtureValue(i, j)) }));
  return attributeFileText('Attribute values computed by the attribute classifiers (fixture)', names, valued);
}

/** The default fixture: 6 photos of 4 people, distinct colours, plus one photo without attributes. */
export const FIXTURE_PHOTOS: FixturePhoto[] = [
  { person: 'Aaron Eckhart', imagenum: 1, colour: [200, 40, 40] },
  { person: 'Ana Maria Lopez', imagenum: 1, colour: [40, 200, 40] },
  { person: 'Ana Maria Lopez', imagenum: 2, colour: [40, 40, 200] },
  { person: 'George W Bush', imagenum: 7, colour: [220, 220, 40] },
  { person: 'George W Bush', imagenum: 12, colour: [40, 220, 220] },
  { person: 'Zoe Ball', imagenum: 1, colour: [120, 120, 120] },
];

/** A photo in the archive that has no attribute row (LFW has 90 such photos). */
export const FIXTURE_EXTRA: FixturePhoto = { person: 'No Attributes', imagenum: 1, colour: [10, 10, 10] };

/** Size of the fixture photos and the crop that keeps their face colour. */
export const FIXTURE_SIZE = 48;
export const FIXTURE_CROP = 12;

/** Temp folder that tests remove when done. */
export function makeTempDir(prefix = 'ae-lfw-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Builds the archive entries of the fixture (folders, then photos; the extra photo included). */
export async function fixtureEntries(photos: FixturePhoto[] = FIXTURE_PHOTOS, top = 'lfw'): Promise<TarEntry[]> {
  const entries: TarEntry[] = [{ name: `${top}/`, type: 'directory' }];
  // Archive order differs from attribute order: the loader must align by name.
  for (const photo of [...photos, FIXTURE_EXTRA].reverse()) {
    const jpeg = await makeJpeg(FIXTURE_SIZE, FIXTURE_SIZE, photo.colour, { border: [255, 0, 255], inset: FIXTURE_CROP });
    entries.push({ name: photoPath(photo, top), data: jpeg });
  }
  return entries;
}

/** Writes lfw.tgz (or `archiveName`) and an attribute file into a new temp data folder. */
export async function makeLfwDataDir(
  options: { photos?: FixturePhoto[]; archiveName?: string; attributesName?: string; entries?: TarEntry[] } = {},
): Promise<{ dataDir: string; archivePath: string; attributesPath: string; photos: FixturePhoto[] }> {
  const photos = options.photos ?? FIXTURE_PHOTOS;
  const dataDir = makeTempDir();
  const archivePath = path.join(dataDir, options.archiveName ?? 'lfw.tgz');
  const attributesPath = path.join(dataDir, options.attributesName ?? 'lfw_attributes.txt');
  fs.writeFileSync(archivePath, await buildTarGz(options.entries ?? (await fixtureEntries(photos))));
  fs.writeFileSync(attributesPath, attributeText(photos));
  return { dataDir, archivePath, attributesPath, photos };
}

/** Lists every file under `dir` (relative paths, sorted). */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (sub: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else out.push(rel);
    }
  };
  walk('');
  return out.sort();
}
