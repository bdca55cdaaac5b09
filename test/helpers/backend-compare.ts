/**
 * Helpers for the backend tests: seeded data, running the same computation on cpu and on wasm, comparing arrays.
 */
import { initBackend } from '../../src/backend';
import type { BackendName } from '../../src/backend';

/** Deterministic values in [-0.5, 0.5) (a small LCG), the same on every backend. */
export function seededValues(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let s = (seed * 2654435761) % 2147483648;
  for (let i = 0; i < size; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = s / 2147483648 - 0.5;
  }
  return out;
}

/** Runs `compute` on each backend in turn (cpu first) and returns its results by backend name. */
export async function onBackends<T>(backends: BackendName[], compute: (backend: BackendName) => T | Promise<T>): Promise<Record<string, T>> {
  const results: Record<string, T> = {};
  for (const backend of backends) {
    await initBackend({ backend });
    results[backend] = await compute(backend);
  }
  return results;
}

/** Largest absolute difference between two arrays of equal length (throws if lengths differ). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** Largest absolute value of an array. */
export function maxAbs(a: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]));
  return worst;
}

/** Asserts-style check: returns a message when `got` differs from `want` by more than tol·max(1, max|want|), else ''. */
export function compareArrays(label: string, want: ArrayLike<number>, got: ArrayLike<number>, tol = 1e-4): string {
  if (want.length !== got.length) return `${label}: length ${got.length} instead of ${want.length}`;
  const diff = maxAbsDiff(want, got);
  const scale = Math.max(1, maxAbs(want));
  return diff > tol * scale ? `${label}: max difference ${diff.toExponential(2)} (scale ${scale.toExponential(2)})` : '';
}
