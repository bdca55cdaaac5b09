/**
 * Compact on-disk cache of decoded faces: one file holding the uint8 pixels and the attribute table
 * (Arrow IPC), keyed by a hash of every loading parameter and of the source files' size and mtime.
 * Written atomically (atomic-write.ts); a damaged or foreign cache file reads as a miss.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import pl from 'nodejs-polars';
import { writeFileAtomic } from '../atomic-write';

/** Bump when the cache layout or the decoding changes, so older caches are ignored. */
export const FACE_CACHE_FORMAT = 2;

const MAGIC = Buffer.from('AEFACES\n', 'latin1');

/** Decoded faces as stored in the cache: pixels [count, height, width, channels] row-major. */
export interface CachedFaces {
  pixels: Uint8Array;
  count: number;
  height: number;
  width: number;
  channels: number;
  attributes: pl.DataFrame;
  /** Attribute rows dropped because their photo was missing (kept for reporting). */
  missingImages?: number;
}

interface CacheHeader {
  format: number;
  key: string;
  count: number;
  height: number;
  width: number;
  channels: number;
  attributesBytes: number;
  missingImages: number;
}

/** Stable SHA-256 (hex) of a JSON-able description of everything the cached result depends on. */
export function cacheKey(parts: unknown): string {
  return crypto.createHash('sha256').update(stableJson({ format: FACE_CACHE_FORMAT, parts })).digest('hex');
}

/** Size and modification time of a source file, for cache keys. */
export function fileStamp(file: string): { name: string; size: number; mtimeMs: number } {
  const stat = fs.statSync(file);
  return { name: path.basename(file), size: stat.size, mtimeMs: Math.round(stat.mtimeMs) };
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Reads a cache file written by writeFaceCache() for `key`; null when absent, stale (other key) or damaged. */
export function readFaceCache(file: string, key: string): CachedFaces | null {
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(file);
  } catch {
    return null;
  }
  try {
    if (buffer.length < MAGIC.length + 4 || !buffer.subarray(0, MAGIC.length).equals(MAGIC)) return null;
    const headerBytes = buffer.readUInt32LE(MAGIC.length);
    const headerStart = MAGIC.length + 4;
    const header = JSON.parse(buffer.toString('utf8', headerStart, headerStart + headerBytes)) as CacheHeader;
    if (header.format !== FACE_CACHE_FORMAT || header.key !== key) return null;
    const pixelBytes = header.count * header.height * header.width * header.channels;
    const pixelStart = headerStart + headerBytes;
    const attributesStart = pixelStart + pixelBytes;
    if (buffer.length !== attributesStart + header.attributesBytes) return null;
    const attributes = pl.readIPC(buffer.subarray(attributesStart));
    if (attributes.height !== header.count) return null;
    const pixels = new Uint8Array(buffer.buffer, buffer.byteOffset + pixelStart, pixelBytes);
    const { count, height, width, channels, missingImages } = header;
    return { pixels, count, height, width, channels, attributes, missingImages };
  } catch {
    return null;
  }
}

/** Writes `faces` to `file` for `key` atomically (writeFileAtomic: nothing partial is ever visible under `file`). */
export function writeFaceCache(file: string, key: string, faces: CachedFaces): void {
  const { pixels, count, height, width, channels, attributes } = faces;
  if (pixels.length !== count * height * width * channels || attributes.height !== count) {
    throw new Error(
      `internal error: writeFaceCache: ${pixels.length} pixel values and ${attributes.height} attribute rows do not match ${count} faces of ${height}x${width}x${channels}.`,
    );
  }
  const ipc = attributes.writeIPC();
  const missingImages = faces.missingImages ?? 0;
  const header: CacheHeader = { format: FACE_CACHE_FORMAT, key, count, height, width, channels, attributesBytes: ipc.length, missingImages };
  const headerBuffer = Buffer.from(JSON.stringify(header), 'utf8');
  const lengthBuffer = Buffer.alloc(4);
  lengthBuffer.writeUInt32LE(headerBuffer.length);
  writeFileAtomic(file, [MAGIC, lengthBuffer, headerBuffer, pixels, ipc]);
}
