/**
 * Finds the LFW files in the data folder (AE_DATA_DIR or an argument), downloading the missing ones
 * from the official sources (verified, atomic), and says exactly what to do when that is impossible.
 */
import * as fs from 'fs';
import * as path from 'path';
import { dataDir as defaultDataDir } from '../paths';
import { LFW_ATTRIBUTES_URL } from './attributes';
import { DownloadError, downloadFile } from './download';
import type { TransferProgress } from '../progress';

/** Which LFW image set: the raw photos (the course's default) or the deep-funneled (aligned) ones. */
export type LfwVariant = 'lfw' | 'lfw-deepfunneled';

/** Where a file can be downloaded from, with its SHA-256 when one is published. */
export interface LfwSource {
  urls: string[];
  sha256?: string;
}

/**
 * Official download sources. lfw.tgz: scikit-learn's figshare mirror (same archive, published
 * checksum) first, because the UMass host is often unreachable; then the UMass original.
 * Introduced in 02-chargement-des-donnees.
 */
export const LFW_SOURCES: Readonly<Record<string, LfwSource>> = {
  'lfw.tgz': {
    urls: ['https://ndownloader.figshare.com/files/5976018', 'http://vis-www.cs.umass.edu/lfw/lfw.tgz'],
    sha256: '055f7d9c632d7370e6fb4afc7468d40f970c34a80d4c6f50ffec63f5a8d536c0',
  },
  'lfw-deepfunneled.tgz': { urls: ['http://vis-www.cs.umass.edu/lfw/lfw-deepfunneled.tgz'] },
  'lfw_attributes.txt': { urls: [LFW_ATTRIBUTES_URL] },
};

/** Attribute file names accepted in the data folder, in order of preference (the dev copy second). */
export const ATTRIBUTE_FILE_NAMES = ['lfw_attributes.txt', 'lfw_attributes_binarized.txt'] as const;

/** Options of ensureLfwFiles(). */
export interface EnsureLfwFilesOptions {
  /** Folder holding the files (default dataDir(): AE_DATA_DIR or <repo>/work/data). */
  dataDir?: string;
  variant?: LfwVariant;
  /** Download missing files (default true). */
  download?: boolean;
  /** Download progress (default: a progress bar on stderr unless `quiet`). */
  onProgress?: (file: string, progress: TransferProgress) => void;
  quiet?: boolean;
  /** Replaces the official sources (tests use a local server). */
  sources?: Partial<Record<string, LfwSource>>;
}

/** The files loadLfw() reads. */
export interface LfwFiles {
  dataDir: string;
  archivePath: string;
  attributesPath: string;
  /** Files downloaded by this call (names). */
  downloaded: string[];
}

/** Checks that `variant` is 'lfw' or 'lfw-deepfunneled' (throws a clear error otherwise). */
export function checkVariant(variant: string): asserts variant is LfwVariant {
  if (variant !== 'lfw' && variant !== 'lfw-deepfunneled') {
    throw new Error(`Variante LFW inconnue « ${variant} » : utilisez 'lfw' (les photos brutes, le choix du cours) ou 'lfw-deepfunneled'.`);
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function manualInstructions(dir: string, missing: string[], sources: Record<string, LfwSource | undefined>): string {
  const lines = missing.map((name) => {
    const source = sources[name];
    const urls = source ? source.urls.join('  ou  ') : '(aucune source connue)';
    return `  - ${name} : ${urls}${source?.sha256 ? `  (sha256 ${source.sha256})` : ''}`;
  });
  const pronoun = missing.length > 1 ? 'les' : 'le';
  return (
    `Téléchargez à la main :\n${lines.join('\n')}\n` +
    `et placez-${pronoun} dans ${dir} ` +
    `(ou réglez AE_DATA_DIR sur le dossier qui ${pronoun} contient), puis relancez.`
  );
}

/**
 * Returns the paths of the LFW archive and attribute file, downloading missing files (progress bar,
 * SHA-256 check, atomic write) unless `download: false`. Throws a clear what-to-do error when offline.
 * Introduced in 02-chargement-des-donnees.
 */
export async function ensureLfwFiles(options: EnsureLfwFilesOptions = {}): Promise<LfwFiles> {
  const variant = options.variant ?? 'lfw';
  checkVariant(variant);
  const dir = path.resolve(options.dataDir ?? defaultDataDir());
  const sources: Record<string, LfwSource | undefined> = { ...LFW_SOURCES, ...options.sources };
  const archiveName = `${variant}.tgz`;
  const archivePath = path.join(dir, archiveName);
  const present = ATTRIBUTE_FILE_NAMES.map((name) => path.join(dir, name)).find(isFile);
  const attributesPath = present ?? path.join(dir, ATTRIBUTE_FILE_NAMES[0]);
  const missing = [archivePath, attributesPath].filter((file) => !isFile(file)).map((file) => path.basename(file));
  const downloaded: string[] = [];
  if (missing.length === 0) return { dataDir: dir, archivePath, attributesPath, downloaded };

  if (options.download === false) {
    throw new Error(`Données LFW absentes de ${dir} : ${missing.join(', ')} (téléchargements désactivés).\n${manualInstructions(dir, missing, sources)}`);
  }
  for (const name of missing) {
    const source = sources[name];
    if (!source || source.urls.length === 0) {
      throw new Error(`Données LFW absentes de ${dir} : ${name}, et aucune source de téléchargement n'est connue.\n${manualInstructions(dir, missing, sources)}`);
    }
    try {
      await downloadFile(source.urls, path.join(dir, name), {
        sha256: source.sha256,
        quiet: options.quiet,
        onProgress: options.onProgress ? (p) => options.onProgress?.(name, p) : undefined,
      });
      downloaded.push(name);
    } catch (error) {
      const still = missing.filter((m) => !downloaded.includes(m));
      const reason = (error as Error).message;
      const hint =
        error instanceof DownloadError && error.offline
          ? 'Cette machine semble hors ligne.'
          : error instanceof DownloadError && error.checksumMismatch
            ? 'Réessayez plus tard, ou téléchargez le fichier à la main et vérifiez son sha256.'
            : '';
      throw new Error(`${reason}\n${hint ? `${hint} ` : ''}${manualInstructions(dir, still, sources)}`);
    }
  }
  return { dataDir: dir, archivePath, attributesPath, downloaded };
}
