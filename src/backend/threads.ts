/**
 * How many threads the training route may use: option, else AE_THREADS, else every core the process may use.
 */
import * as os from 'node:os';

/** Cores this process may use (os.availableParallelism(), which honours CPU affinity), at least 1. */
export function availableCores(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

/** Resolves the thread count from the option, AE_THREADS, or the machine (all available cores); throws on a bad value. */
export function resolveThreads(requested?: number): number {
  const fromEnv = process.env.AE_THREADS;
  const source = requested !== undefined ? 'options.threads' : 'AE_THREADS';
  const value = requested !== undefined ? requested : fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : undefined;
  if (value === undefined) return Math.min(64, availableCores());
  if (!Number.isInteger(value) || value < 1 || value > 64) {
    throw new Error(`${source} doit être un entier entre 1 et 64, reçu ${String(requested ?? fromEnv)} : passez par exemple { threads: 2 }, ou retirez AE_THREADS.`);
  }
  return value;
}
