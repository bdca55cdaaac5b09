/**
 * How many threads the training route may use: option, else AE_THREADS, else min(2, CPUs).
 */
import * as os from 'node:os';

/** Resolves the thread count from the option, AE_THREADS, or the machine (at most 2 by default); throws on a bad value. */
export function resolveThreads(requested?: number): number {
  const fromEnv = process.env.AE_THREADS;
  const source = requested !== undefined ? 'options.threads' : 'AE_THREADS';
  const value = requested !== undefined ? requested : fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : undefined;
  if (value === undefined) {
    const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    return Math.max(1, Math.min(2, cpus));
  }
  if (!Number.isInteger(value) || value < 1 || value > 64) {
    throw new Error(`${source} must be an integer between 1 and 64, got ${String(requested ?? fromEnv)}: pass e.g. { threads: 2 } or unset AE_THREADS.`);
  }
  return value;
}
