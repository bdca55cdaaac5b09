/**
 * Worker threads that run our SIMD kernels on the threaded tfjs build's shared memory, each on its share of a
 * call's work items (filter gradient: tap × block of 4 input channels; forward convolution: runs of output
 * pixels; col2im and max-pool gradient: images; ELU gradient: blocks of values). The main thread takes the first share, then waits. Calls are synchronous:
 * arguments go through a small SharedArrayBuffer, and Atomics wake the workers and the main thread. Every item
 * writes its own part of the output, computed by one thread in a fixed order, so results are the same bits as on
 * one thread.
 *
 * The workers are started, and waited for, when the backend starts (asynchronously): a synchronous call never
 * waits for a worker that is still booting. They run plain JavaScript (no loader flags inherited) and are
 * unref'd, so they never keep the process alive.
 */
import { Worker } from 'node:worker_threads';

// Slots of the control array: generation counter, threads still working, build (0 plain, 1 relaxed), items, kernel, argument count, then the arguments.
/** Control slot counting the calls started (the tests read it). */
export const GENERATION = 0;
/** Control slot counting the threads still working on the current call (the tests read it). */
export const PENDING = 1;
const BUILD = 2;
const ITEMS = 3;
const KERNEL = 4;
const ARGC = 5;
const ARGS = 6;
const ARG_COUNT = 20;

/** The kernels the pool splits (exports of assembly/index.ts): each takes its integer arguments, then its range of work items [from, to). */
export const SPLIT_KERNELS = ['convFilterGradItems', 'convForwardItems', 'col2imAddItems', 'maxPool2x2GradItems', 'eluGradItems'] as const;

/** One of the kernels the pool splits. */
export type SplitKernel = (typeof SPLIT_KERNELS)[number];

/** The worker: instantiates each build on the shared memory, says it is ready, then serves calls. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { modules, memory, control, index, threads } = workerData;
const kernels = modules.map((m) => (m ? new WebAssembly.Instance(m, { env: { memory } }).exports : null));
const names = ${JSON.stringify(SPLIT_KERNELS)};
const c = new Int32Array(control);
let seen = Atomics.load(c, ${GENERATION});
parentPort.postMessage('ready');
for (;;) {
  // A wake-up is only a hint: the main thread's notify for a call this worker already served (it saw the new
  // generation before that notify came) must not run that call again, so wait until the generation moves.
  for (let g = Atomics.load(c, ${GENERATION}); g === seen; g = Atomics.load(c, ${GENERATION})) Atomics.wait(c, ${GENERATION}, seen);
  seen = Atomics.load(c, ${GENERATION});
  const items = c[${ITEMS}];
  const from = Math.floor((items * index) / threads);
  const to = Math.floor((items * (index + 1)) / threads);
  if (to > from) kernels[c[${BUILD}]][names[c[${KERNEL}]]](...c.subarray(${ARGS}, ${ARGS} + c[${ARGC}]), from, to);
  if (Atomics.sub(c, ${PENDING}, 1) === 1) Atomics.notify(c, ${PENDING});
}
`;

/** The main thread's instance of the kernels the pool splits. */
export type SplitKernels = Record<SplitKernel, (...args: number[]) => void>;

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
   * `kernel` over all threads: its integer arguments (pointers, shapes, strides, paddings; at most 20), then
   * `items` work items shared out in contiguous ranges, with `kernels`, the main thread's instance of `build`.
   */
  run(kernels: SplitKernels, build: 'plain' | 'relaxed', kernel: SplitKernel, args: number[], items: number): void {
    if (args.length > ARG_COUNT) throw new Error(`internal error: KernelThreads.run: ${kernel} has ${args.length} arguments, at most ${ARG_COUNT} fit.`);
    const c = this.control;
    c.set(args, ARGS);
    c[BUILD] = build === 'relaxed' ? 1 : 0;
    c[ITEMS] = items;
    c[KERNEL] = SPLIT_KERNELS.indexOf(kernel);
    c[ARGC] = args.length;
    Atomics.store(c, PENDING, this.workers.length);
    Atomics.add(c, GENERATION, 1);
    Atomics.notify(c, GENERATION);
    const to = Math.floor(items / this.threads);
    if (to > 0) kernels[kernel](...args, 0, to);
    for (let left = Atomics.load(c, PENDING); left !== 0; left = Atomics.load(c, PENDING)) Atomics.wait(c, PENDING, left);
  }

  /** Stops the workers. */
  async terminate(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
