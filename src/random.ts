/**
 * Seeded randomness shared by the library: one small generator (mulberry32), a seed mixer and a
 * Fisher–Yates shuffle, so that the same seed gives the same split, batches and picks everywhere.
 */
import { courseSeed } from './paths';

/** Mixes integers into one 32-bit seed (deterministic, well spread), e.g. `mixSeed(seed, epoch)`. */
export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    let x = Math.floor(part) >>> 0;
    for (let i = 0; i < 4; i++) {
      h = Math.imul(h ^ (x & 0xff), 0x01000193);
      x >>>= 8;
    }
    h ^= h >>> 13;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A small seeded generator of floats in [0, 1) (mulberry32): the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded random permutation of 0..n-1 (Fisher–Yates with seededRandom(seed)). */
export function shuffledIndices(n: number, seed: number): Int32Array {
  const indices = new Int32Array(n);
  for (let i = 0; i < n; i++) indices[i] = i;
  const random = seededRandom(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = indices[i];
    indices[i] = indices[j];
    indices[j] = t;
  }
  return indices;
}

/**
 * `count` distinct indices in [0, n) drawn with a seed (same seed → same faces): the first `count` entries of
 * shuffledIndices(n, seed). Introduced in 08-visualisation-des-donnees.
 */
export function pickIndices(n: number, count: number, seed: number = courseSeed()): number[] {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(count) || count < 0) {
    throw new Error(`pickIndices(${n}, ${count}) : n et count doivent être des nombres entiers ≥ 0, par exemple pickIndices(data.test.shape[0], 4).`);
  }
  return Array.from(shuffledIndices(n, seed).subarray(0, Math.min(count, n)));
}
