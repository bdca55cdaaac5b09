/**
 * Worker threads that run the SIMD filter-gradient GEMM on the threaded tfjs build's shared memory, each on its
 * share of the work items (tap × block of 4 input channels). The main thread takes the first share, then waits.
 * Calls are synchronous: arguments go through a small SharedArrayBuffer, and Atomics wake the workers and the
 * main thread. The items are cut the same way for a given thread count and each item is summed by one thread in
 * a fixed order, so results are the same bits as on one thread.
 *
 * The workers are started, and waited for, when the backend starts (asynchronously): a synchronous call never
 * waits for a worker that is still booting. They run plain JavaScript (no loader flags inherited) and are
 * unref'd, so they never keep the process alive.
 */
import { Worker } from 'node:worker_threads';

/** Slots of the control array: generation counter, threads still working, build (0 plain, 1 relaxed), items, then the 16 arguments. */
const GENERATION = 0;
const PENDING = 1;
const BUILD = 2;
const ITEMS = 3;
const ARGS = 4;
const ARG_COUNT = 16;

/** The worker: instantiates each build on the shared memory, says it is ready, then serves calls. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { modules, memory, control, index, threads } = workerData;
const kernels = modules.map((m) => (m ? new WebAssembly.Instance(m, { env: { memory } }).exports : null));
const c = new Int32Array(control);
let seen = Atomics.load(c, ${GENERATION});
parentPort.postMessage('ready');
for (;;) {
  Atomics.wait(c, ${GENERATION}, seen);
  seen = Atomics.load(c, ${GENERATION});
  const items = c[${ITEMS}];
  const from = Math.floor((items * index) / threads);
  const to = Math.floor((items * (index + 1)) / threads);
  if (to > from) kernels[c[${BUILD}]].convFilterGradItems(...c.subarray(${ARGS}, ${ARGS + ARG_COUNT}), from, to);
  if (Atomics.sub(c, ${PENDING}, 1) === 1) Atomics.notify(c, ${PENDING});
}
`;

/** The kernel entry points the pool needs (see assembly/conv-filter-grad.ts). */
export interface FilterGradKernels {
  convFilterGradItemCount(kh: number, kw: number, cin: number): number;
  convFilterGradItems(...args: number[]): void;
}

/** The two builds' compiled modules (the relaxed one absent where Node rejects it), in BUILD slot order. */
export interface PoolModules {
  plain: object;
  relaxed: object | null;
}

/** A pool of `threads − 1` workers sharing one memory with the main thread's kernels. */
export class KernelThreads {
  private readonly control = new Int32Array(new SharedArrayBuffer((ARGS + ARG_COUNT) * 4));

  private constructor(private readonly workers: Worker[], readonly threads: number) {}

  /** Starts `threads − 1` workers on `memory` and resolves once each has instantiated the kernels. */
  static async start(modules: PoolModules, memory: object, threads: number): Promise<KernelThreads> {
    const pool = new KernelThreads([], threads);
    const ready: Promise<void>[] = [];
    for (let index = 1; index < threads; index++) {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        execArgv: [],
        workerData: { modules: [modules.plain, modules.relaxed], memory, control: pool.control.buffer, index, threads },
      });
      pool.workers.push(worker);
      ready.push(new Promise((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
      }));
    }
    try {
      await Promise.all(ready);
    } catch (err) {
      await pool.terminate();
      throw err;
    }
    for (const worker of pool.workers) worker.unref();
    return pool;
  }

  /**
   * convFilterGrad over all threads: its 16 integer arguments (pointers, shapes, strides, paddings), with
   * `kernels`, the main thread's instance of `build`.
   */
  convFilterGrad(kernels: FilterGradKernels, build: 'plain' | 'relaxed', args: number[]): void {
    const [, , , , , , cin, , , , kh, kw] = args;
    const items = kernels.convFilterGradItemCount(kh, kw, cin);
    const c = this.control;
    c.set(args, ARGS);
    c[BUILD] = build === 'relaxed' ? 1 : 0;
    c[ITEMS] = items;
    Atomics.store(c, PENDING, this.workers.length);
    Atomics.add(c, GENERATION, 1);
    Atomics.notify(c, GENERATION);
    const to = Math.floor(items / this.threads);
    if (to > 0) kernels.convFilterGradItems(...args, 0, to);
    for (let left = Atomics.load(c, PENDING); left !== 0; left = Atomics.load(c, PENDING)) Atomics.wait(c, PENDING, left);
  }

  /** Stops the workers. */
  async terminate(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
