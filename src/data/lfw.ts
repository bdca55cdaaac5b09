/**
 * loadLfw(): the course's LFW faces as a tensor plus the aligned attribute table. Finds (or downloads)
 * the files, streams the archive, decodes + crops + area-resizes each photo that has attributes, and
 * caches the result so later loads take about a second.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type pl from 'nodejs-polars';
import { tf } from '../tf';
import { cacheDir as defaultCacheDir, quickMode } from '../paths';
import { transferProgressBar, type TransferProgress } from '../progress';
import { attributeFrame, readAttributeColumns, type AttributeColumns } from './attributes';
import { checkFaceGeometry, decodeFace, type FaceGeometry } from './decode-face';
import { cacheKey, fileStamp, readFaceCache, writeFaceCache, type CachedFaces } from './face-cache';
import { imageKey, parseImageName } from './image-names';
import { ensureLfwFiles, type LfwSource, type LfwVariant } from './lfw-files';
import { readTarGz } from './read-archive';

/** Images loaded by default in quick mode (AE_QUICK=1) when maxImages is not given. */
export const LFW_QUICK_MAX_IMAGES = 400;

/** One progress report of loadLfw(): a download (bytes) or the decoding of the archive (images). */
export interface LfwProgress extends TransferProgress {
  phase: 'download' | 'decode';
  file: string;
}

/** Options of loadLfw(); every one has the course's default. */
export interface LfwOptions {
  /** Folder holding the LFW files (default AE_DATA_DIR or <repo>/work/data). */
  dataDir?: string;
  /** Folder of the decoded cache (default <work>/cache). */
  cacheDir?: string;
  /** Use and write the decoded cache (default true). */
  cache?: boolean;
  /** 'lfw' (raw photos, default) or 'lfw-deepfunneled' (aligned). */
  variant?: LfwVariant;
  /** Pixels cropped from the left and right borders (default 80). */
  dx?: number;
  /** Pixels cropped from the top and bottom borders (default 80). */
  dy?: number;
  /** Output width (default 32). */
  dimx?: number;
  /** Output height (default 32). */
  dimy?: number;
  /**
   * Keep at most this many images: an evenly spaced, deterministic subset of the attribute rows
   * (default: all, or LFW_QUICK_MAX_IMAGES when AE_QUICK=1; Infinity forces all).
   */
  maxImages?: number;
  /** Download missing files (default true). */
  download?: boolean;
  /** Progress of downloads and decoding (default: progress bars on stderr unless `quiet`). */
  onProgress?: (progress: LfwProgress) => void;
  /** No default progress bars. */
  quiet?: boolean;
  /** Replaces the official download sources (tests use a local server). */
  sources?: Partial<Record<string, LfwSource>>;
}

/** How a dataset was obtained. */
export interface LfwLoadInfo {
  archivePath: string;
  attributesPath: string;
  fromCache: boolean;
  cacheFile: string | null;
  /** Selected attribute rows whose photo is not in the archive (dropped). */
  missingImages: number;
  seconds: number;
}

/** LFW faces with their attributes: row i of `attributes` describes image i. */
export interface LfwDataset {
  /** [n, dimy, dimx, 3] float32 in [0, 1]; the caller disposes it. */
  images: tf.Tensor4D;
  /** Columns person, imagenum, then the attributes (by name; 73 in the official file). */
  attributes: pl.DataFrame;
  /** Shape of one face: [dimy, dimx, 3]. */
  imageShape: [number, number, number];
  info: LfwLoadInfo;
}

function resolveMaxImages(maxImages: number | undefined): number {
  const value = maxImages ?? (quickMode() ? LFW_QUICK_MAX_IMAGES : Infinity);
  if (value !== Infinity && (!Number.isInteger(value) || value < 1)) {
    throw new Error(`maxImages=${maxImages} doit être un entier ≥ 1 (ou Infinity pour toutes les images) : passez par exemple { maxImages: 400 }.`);
  }
  return value;
}

/** Evenly spaced rows 0..n-1 (all of them when count ≥ n), so a subset spans the whole alphabet. */
function spreadRows(n: number, count: number): number[] {
  if (count >= n) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: count }, (_, i) => Math.floor((i * n) / count));
}

function selectRows(columns: AttributeColumns, rows: number[]): AttributeColumns {
  if (rows.length === columns.person.length) return columns;
  return {
    person: rows.map((r) => columns.person[r]),
    imagenum: Int32Array.from(rows, (r) => columns.imagenum[r]),
    names: columns.names,
    values: columns.values.map((v) => Float64Array.from(rows, (r) => v[r])),
  };
}

/** Deletes caches of the same parameters made from older source files (same name prefix, other key). */
function removeStaleCaches(current: string, prefix: string): void {
  const dir = path.dirname(current);
  try {
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith(prefix) && name.endsWith('.faces') && name !== path.basename(current)) {
        fs.rmSync(path.join(dir, name), { force: true });
      }
    }
  } catch {
    // A stale cache left behind only costs disk space; it is never read (its key differs).
  }
}

/** uint8 pixels [n, h, w, 3] → float32 tensor in [0, 1] (owned by the caller). */
function facesToTensor(pixels: Uint8Array, count: number, height: number, width: number): tf.Tensor4D {
  const values = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) values[i] = pixels[i] / 255;
  return tf.tensor4d(values, [count, height, width, 3], 'float32');
}

async function decodeSelected(
  archivePath: string,
  slots: Map<string, number>,
  geometry: FaceGeometry,
  report: ((p: TransferProgress) => void) | undefined,
): Promise<{ pixels: Uint8Array; found: Uint8Array }> {
  const faceBytes = geometry.dimx * geometry.dimy * 3;
  const pixels = new Uint8Array(slots.size * faceBytes);
  const found = new Uint8Array(slots.size);
  const archiveName = path.basename(archivePath);
  const inFlightLimit = Math.max(8, 2 * os.availableParallelism());
  const pending = new Set<Promise<void>>();
  const started = Date.now();
  let decoded = 0;
  let failure: unknown;
  const slotOf = (entryPath: string): number | undefined => {
    const id = parseImageName(entryPath);
    return id === null ? undefined : slots.get(imageKey(id));
  };
  for await (const file of readTarGz(archivePath, { want: (p) => slotOf(p) !== undefined })) {
    if (failure !== undefined) break;
    const slot = slotOf(file.path) as number;
    if (found[slot]) continue;
    found[slot] = 1;
    const task: Promise<void> = decodeFace(file.data, geometry, `${archiveName}: ${file.path}`)
      .then(
        (face) => {
          pixels.set(face, slot * faceBytes);
          decoded++;
          report?.({ done: decoded, total: slots.size, seconds: (Date.now() - started) / 1000, finished: false });
        },
        (error: unknown) => {
          failure ??= error;
        },
      )
      .finally(() => pending.delete(task));
    pending.add(task);
    if (pending.size >= inFlightLimit) await Promise.race(pending);
  }
  await Promise.all(pending);
  if (failure !== undefined) throw failure;
  report?.({ done: decoded, total: slots.size, seconds: (Date.now() - started) / 1000, finished: true });
  return { pixels, found };
}

/**
 * The course's faces: 80 pixels cut from each border of the 250×250 LFW photos keeps the 90×90 centre, where the
 * aligned face is (hair and background go), then an area resize to 32×32, small enough to train on a CPU.
 */
const COURSE_FACE_GEOMETRY: FaceGeometry = { dx: 80, dy: 80, dimx: 32, dimy: 32 };

/**
 * Loads LFW faces [n, dimy, dimx, 3] in [0, 1] (crop dx/dy from each border, area resize) with the
 * aligned attribute DataFrame, from the decoded cache when it matches every parameter and the source
 * files. The caller disposes `images`. Introduced in 06-chargement-du-jeu-de-donnees-lfw.
 */
export async function loadLfw(options: LfwOptions = {}): Promise<LfwDataset> {
  const started = Date.now();
  const { dx = COURSE_FACE_GEOMETRY.dx, dy = COURSE_FACE_GEOMETRY.dy, dimx = COURSE_FACE_GEOMETRY.dimx, dimy = COURSE_FACE_GEOMETRY.dimy } = options;
  const geometry: FaceGeometry = { dx, dy, dimx, dimy };
  checkFaceGeometry(geometry);
  const maxImages = resolveMaxImages(options.maxImages);
  const variant = options.variant ?? 'lfw';
  const quiet = options.quiet ?? false;
  const files = await ensureLfwFiles({
    dataDir: options.dataDir,
    variant,
    download: options.download,
    quiet,
    sources: options.sources,
    onProgress: options.onProgress ? (file, p) => options.onProgress?.({ ...p, phase: 'download', file }) : undefined,
  });
  const { archivePath, attributesPath } = files;
  const imageShape: [number, number, number] = [geometry.dimy, geometry.dimx, 3];
  const useCache = options.cache ?? true;
  const key = cacheKey({
    variant,
    ...geometry,
    maxImages: maxImages === Infinity ? 'all' : maxImages,
    archive: fileStamp(archivePath),
    attributes: fileStamp(attributesPath),
  });
  const subset = maxImages === Infinity ? 'all' : `n${maxImages}`;
  const cachePrefix = `${variant}-${geometry.dimy}x${geometry.dimx}-crop${geometry.dy}x${geometry.dx}-${subset}-`;
  const cacheFile = path.join(path.resolve(options.cacheDir ?? defaultCacheDir()), `${cachePrefix}${key.slice(0, 16)}.faces`);
  const info = (fromCache: boolean, missingImages: number): LfwLoadInfo => ({
    archivePath,
    attributesPath,
    fromCache,
    cacheFile: useCache ? cacheFile : null,
    missingImages,
    seconds: (Date.now() - started) / 1000,
  });

  if (useCache) {
    const cached = readFaceCache(cacheFile, key);
    if (cached !== null && cached.height === geometry.dimy && cached.width === geometry.dimx && cached.channels === 3) {
      const images = facesToTensor(cached.pixels, cached.count, cached.height, cached.width);
      return { images, attributes: cached.attributes, imageShape, info: info(true, cached.missingImages ?? 0) };
    }
  }

  const allColumns = readAttributeColumns(attributesPath);
  const selected = selectRows(allColumns, spreadRows(allColumns.person.length, maxImages));
  const slots = new Map<string, number>();
  selected.person.forEach((person, i) => slots.set(imageKey({ person, imagenum: selected.imagenum[i] }), i));
  const report = options.onProgress
    ? (p: TransferProgress) => options.onProgress?.({ ...p, phase: 'decode', file: path.basename(archivePath) })
    : quiet
      ? undefined
      : transferProgressBar(`Decoding ${path.basename(archivePath)}`);
  const { pixels, found } = await decodeSelected(archivePath, slots, geometry, report);

  const kept: number[] = [];
  found.forEach((flag, i) => {
    if (flag) kept.push(i);
  });
  if (kept.length === 0) {
    throw new Error(
      `Aucune des ${slots.size} images listées dans ${attributesPath} ne se trouve dans ${archivePath}. Les photos attendues s'appellent ` +
        `<dossier>/<Nom>/<Nom>_<NNNN>.jpg, avec un nom et un numéro qui correspondent aux lignes d'attributs (person « Prénom Nom », imagenum N). ` +
        "Vérifiez que les deux fichiers sont des fichiers LFW et que l'archive est la bonne variante.",
    );
  }
  const faceBytes = geometry.dimx * geometry.dimy * 3;
  let keptPixels = pixels;
  if (kept.length < slots.size) {
    keptPixels = new Uint8Array(kept.length * faceBytes);
    kept.forEach((slot, i) => keptPixels.set(pixels.subarray(slot * faceBytes, (slot + 1) * faceBytes), i * faceBytes));
  }
  const attributes = attributeFrame(selectRows(selected, kept));
  const faces: CachedFaces = {
    pixels: keptPixels,
    count: kept.length,
    height: geometry.dimy,
    width: geometry.dimx,
    channels: 3,
    attributes,
    missingImages: slots.size - kept.length,
  };
  if (useCache) {
    try {
      writeFaceCache(cacheFile, key, faces);
      removeStaleCaches(cacheFile, cachePrefix);
    } catch (error) {
      process.stderr.write(`Warning: could not write the LFW cache ${cacheFile} (${(error as Error).message}); the next load will decode again.\n`);
    }
  }
  const images = facesToTensor(keptPixels, kept.length, geometry.dimy, geometry.dimx);
  return { images, attributes, imageShape, info: info(false, slots.size - kept.length) };
}
