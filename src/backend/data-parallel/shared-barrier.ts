/**
 * A barrier over one Int32 of shared memory, for the threads of a data-parallel step: each thread arrives once, and
 * waits (blocking in a worker, with a promise on the main thread) until all `parties` have. A failing thread aborts
 * it, which wakes every waiter with StepAborted instead of leaving it waiting for a thread that will not come.
 */

/** Added to the count by abort(): a count this large means "aborted", whatever arrives after. */
const ABORTED = 1 << 24;

/** Atomics.waitAsync (ES2024; not in the ES2022 library this package compiles with). */
const waitAsync = (Atomics as unknown as {
  waitAsync(array: Int32Array, index: number, value: number): { async: boolean; value: Promise<string> | string };
}).waitAsync;

/** Thrown by a wait when another thread aborted the step. */
export class StepAborted extends Error {
  constructor() {
    super('internal error: data-parallel step aborted by another thread.');
    this.name = 'StepAborted';
  }
}

/** A barrier for `parties` threads over `cell` (one Int32 of a shared memory, the same cell in every thread). */
export class SharedBarrier {
  constructor(private readonly cell: Int32Array, private readonly parties: number) {}

  /** Opens the barrier for a new step (no thread may be waiting on it). */
  reset(): void {
    Atomics.store(this.cell, 0, 0);
  }

  /** Counts this thread as arrived; the last one wakes the others. */
  arrive(): void {
    if (Atomics.add(this.cell, 0, 1) + 1 === this.parties) Atomics.notify(this.cell, 0);
  }

  /** Wakes every waiter with StepAborted, now and until reset(). */
  abort(): void {
    Atomics.add(this.cell, 0, ABORTED);
    Atomics.notify(this.cell, 0);
  }

  /** Blocks until every thread has arrived (workers; a wake-up is only a hint, the count decides). */
  wait(): void {
    for (let n = this.count(); n < this.parties; n = this.count()) Atomics.wait(this.cell, 0, n);
  }

  /** Resolves once every thread has arrived, without blocking (the main thread keeps its event loop). */
  async whenAll(): Promise<void> {
    for (let n = this.count(); n < this.parties; n = this.count()) {
      const result = waitAsync(this.cell, 0, n);
      if (result.async) await result.value;
    }
  }

  /** Threads arrived so far; throws StepAborted once aborted. */
  private count(): number {
    const n = Atomics.load(this.cell, 0);
    if (n >= ABORTED) throw new StepAborted();
    return n;
  }
}
