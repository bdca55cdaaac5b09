/**
 * Worker threads that run the SIMD filter-gradient GEMM on the threaded tfjs build's shared memory, each on its
 * share of the work items (tap × block of 4 input channels). The main thread takes the first share, then waits.
 * Calls are synchronous: arguments go through a small SharedArrayBuffer, and Atomics wake the workers and the
 * main thread. The items are cut the same way for a given thread count and each item is summed by one thread in
 * a fixed order, so results are the same bits as on one thread.
 */
import { Worker } from 'node:worker_threads';

/** Slots of the control array: generation counter, threads still working, then the call's 18 integers. */
const GENERATION = 0;
const PENDING = 1;
const ARGS = 2;
const ARG_COUNT = 18;

/** The worker: instantiates the kernels on the shared memory, then serves calls until the process ends. */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, index, threads } = workerData;
const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
const c = new Int32Array(control);
let seen = 0;
for (;;) {
  Atomics.wait(c, ${GENERATION}, seen);
  seen = Atomics.load(c, ${GENERATION});
  const a = Array.from(c.subarray(${ARGS}, ${ARGS + ARG_COUNT}));
  const items = a[16];
  const from = Math.floor((items * index) / threads);
  const to = Math.floor((items * (index + 1)) / threads);
  if (to > from) kernels.convFilterGradItems(...a.slice(0, 16), from, to);
  if (Atomics.sub(c, ${PENDING}, 1) === 1) Atomics.notify(c, ${PENDING});
}
`;

/** The kernel entry points the pool needs (see assembly/conv-filter-grad.ts). */
export interface FilterGradKernels {
  convFilterGradItemCount(kh: number, kw: number, cin: number): number;
  convFilterGradItems(...args: number[]): void;
}

/** A pool of `threads − 1` workers sharing one memory with the main thread's kernels. */
export class KernelThreads {
  private readonly control = new Int32Array(new SharedArrayBuffer((ARGS + ARG_COUNT) * 4));
  private readonly workers: Worker[] = [];

  /** Starts the workers (unref'd: they never keep the process alive). */
  constructor(module: object, memory: object, readonly threads: number) {
    for (let index = 1; index < threads; index++) {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module, memory, control: this.control.buffer, index, threads },
      });
      worker.unref();
      this.workers.push(worker);
    }
  }

  /**
   * convFilterGrad over all threads: the 16 integer arguments of convFilterGrad (pointers, shapes, strides,
   * paddings); `kernels` is the main thread's instance.
   */
  convFilterGrad(kernels: FilterGradKernels, args: number[]): void {
    const [, , , , , , cin, , , , kh, kw] = args;
    const items = kernels.convFilterGradItemCount(kh, kw, cin);
    const c = this.control;
    c.set(args, ARGS);
    c[ARGS + 16] = items;
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
