/**
 * How the training threads are shared out: the batch is split into `shards` (data parallelism, one thread of
 * JavaScript each), and each shard runs on `threadsPerShard` XNNPACK threads (tfjs's threaded wasm build when
 * that is more than 1). Default: one shard per thread up to 7 threads, shards of 4 XNNPACK threads from 8 on
 * (measured on a 16-core Xeon, bench/README.md: 16 threads 1.87 s / 1,000 images as 4 × 4, 2.23 as 16 × 1;
 * 8 threads 2.23 as 2 × 4, 2.38 as 8 × 1; 4 threads 2.55 as 4 × 1, 2.84 as 2 × 2). AE_WASM_BUILD=threaded asks
 * for the fewest shards of at most 8 XNNPACK threads; AE_SHARDS=<n> for n shards.
 */

/** Largest XNNPACK pool tfjs 4.22 creates (8 pthread workers are started with the module). */
export const MAX_XNNPACK_THREADS = 8;

/** Shards of each batch × XNNPACK threads per shard. */
export interface ThreadPlan {
  shards: number;
  threadsPerShard: number;
}

/** True when AE_WASM_BUILD asks for tfjs's threaded wasm build ('threaded'); 'simd' or unset: the single-threaded one. */
function threadedBuildRequested(): boolean {
  const value = (process.env.AE_WASM_BUILD ?? '').trim().toLowerCase();
  if (value === '' || value === 'simd') return false;
  if (value === 'threaded') return true;
  throw new Error(`AE_WASM_BUILD='${process.env.AE_WASM_BUILD}' n'est pas une version de wasm : utilisez 'simd' (par défaut) ou 'threaded'.`);
}

/** AE_SHARDS as a shard count from 1 to `threads`, or undefined when unset; throws on a bad value. */
function requestedShards(threads: number): number | undefined {
  const value = (process.env.AE_SHARDS ?? '').trim();
  if (value === '') return undefined;
  const shards = Number(value);
  if (!Number.isInteger(shards) || shards < 1 || shards > threads) {
    throw new Error(`AE_SHARDS='${process.env.AE_SHARDS}' doit être un nombre entier de parts de lot entre 1 et ${threads} (le nombre de fils) : retirez-le pour le partage par défaut.`);
  }
  return shards;
}

/** From this many threads on, the default plan gives each shard several XNNPACK threads. */
const MANY_THREADS = 8;
/** XNNPACK threads per shard in the default plan from MANY_THREADS threads on. */
const THREADS_PER_SHARD_ON_MANY = 4;

/** The default shard count for `threads` threads (AE_SHARDS unset). */
function defaultShards(threads: number): number {
  if (threadedBuildRequested()) return Math.ceil(threads / MAX_XNNPACK_THREADS);
  return threads >= MANY_THREADS ? Math.floor(threads / THREADS_PER_SHARD_ON_MANY) : threads;
}

/** The plan for `threads` training threads on wasm, from AE_SHARDS, AE_WASM_BUILD and the thread count. */
export function threadPlan(threads: number): ThreadPlan {
  const shards = requestedShards(threads) ?? defaultShards(threads);
  return { shards, threadsPerShard: Math.max(1, Math.min(MAX_XNNPACK_THREADS, Math.floor(threads / shards))) };
}

/**
 * Shards for `threads` threads on a backend with `threadsPerShard` XNNPACK threads: the plan's when the backend
 * was started for it (initBackend), else as many as the threads allow.
 */
export function shardsFor(threads: number, threadsPerShard: number): number {
  const plan = threadPlan(threads);
  return plan.threadsPerShard === threadsPerShard ? plan.shards : Math.max(1, Math.floor(threads / threadsPerShard));
}
