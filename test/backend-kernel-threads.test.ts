/**
 * KernelThreads: the worker threads that share our SIMD kernels' calls. Each call runs once on each thread, even
 * when a worker is woken again for a call it has already served (the main thread's notify arriving after the
 * worker saw the new generation by itself: the race that hung AE_SHARDS=2 on 4 threads now and then).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { GENERATION, KernelThreads, PENDING, type SplitKernels } from '../src/backend/simd/kernel-threads';
import { SHARED_SIMD_KERNEL_FILES } from '../src/backend/simd/simd-kernels';

interface Pool {
  pool: KernelThreads;
  kernels: SplitKernels;
  heap: Float32Array;
  control: Int32Array;
}

/** A 2-thread pool on a shared memory of its own, with the main thread's instance of the plain build. */
async function startPool(): Promise<Pool> {
  const module = new WebAssembly.Module(fs.readFileSync(SHARED_SIMD_KERNEL_FILES.plain));
  const memory = new WebAssembly.Memory({ initial: 16, maximum: 16, shared: true });
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as SplitKernels;
  const pool = await KernelThreads.start({ plain: module, relaxed: null }, memory, 2);
  const control = (pool as unknown as { control: Int32Array }).control;
  return { pool, kernels, heap: new Float32Array(memory.buffer), control };
}

/** ELU's gradient of `count` values at byte offsets 0 (y), 4096 (dy), 8192 (out), split over the pool in blocks of 8. */
function eluGrad(p: Pool, count: number): void {
  p.pool.run(p.kernels, 'plain', 'eluGradItems', [0, 4096, 8192, count, 8], Math.ceil(count / 8));
}

/** Wakes the waiting worker without starting a call: retries until a waiter was there to be woken. */
async function staleNotify(control: Int32Array): Promise<void> {
  while (Atomics.notify(control, GENERATION) === 0) await sleep(1);
}

test('a worker woken again for a call it has served does not run it twice, and the next calls still finish', { timeout: 60_000 }, async () => {
  const p = await startPool();
  try {
    const count = 64;
    for (let i = 0; i < count; i++) {
      p.heap[i] = i % 2 === 0 ? 0.5 : -0.25; // y
      p.heap[1024 + i] = i + 1; // dy
    }
    eluGrad(p, count);
    const expected = Array.from({ length: count }, (_, i) => (i % 2 === 0 ? i + 1 : (i + 1) * 0.75));
    assert.deepEqual(Array.from(p.heap.subarray(2048, 2048 + count)), expected);
    const generation = Atomics.load(p.control, GENERATION);

    // Two stale wake-ups: once the second one finds the worker waiting again, it has finished with the first.
    await staleNotify(p.control);
    await staleNotify(p.control);
    assert.equal(Atomics.load(p.control, PENDING), 0, 'threads still working after a stale wake-up (the call ran again)');
    assert.equal(Atomics.load(p.control, GENERATION), generation);

    // The pool goes on serving calls, every item computed once.
    p.heap.fill(0, 2048, 2048 + count);
    for (let k = 0; k < 20; k++) eluGrad(p, count);
    assert.deepEqual(Array.from(p.heap.subarray(2048, 2048 + count)), expected);
    assert.equal(Atomics.load(p.control, GENERATION), generation + 20);
  } finally {
    await p.pool.terminate();
  }
});
