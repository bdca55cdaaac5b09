/**
 * Data-parallel training over worker_threads (public APIs only): each batch is split into one shard per
 * thread (or per group of XNNPACK threads on the threaded wasm build, see ../thread-plan.ts); the main thread
 * computes the gradients of its shard while each worker computes its own; all threads then average the shard
 * gradients (weighted by shard size, so the result is the whole batch's gradient), each over its own range
 * of the weights. With Adamax (the course's optimizer) each thread also applies the update to its range, the
 * optimizer's moments kept in shared memory meanwhile (shared-adamax.ts); with any other optimizer, the model's
 * optimizer applies the mean once on the main thread. Weights, shards and gradients travel through shared memory.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../../tf';
import { configuredThreads } from '../init-backend';
import { xnnpackThreads } from '../load-threaded-wasm';
import { shardsFor } from '../thread-plan';
import { copyValues, loadWeights, MseGradients, storeGradients, tensorValues, trainableVariables } from './gradients';
import type { ModelArtifacts, StepMessage, WorkerReply, WorkerRequest } from './protocol';
import { SharedAdamax } from './shared-adamax';
import { StepAborted } from './shared-barrier';
import { SharedUpdate } from './shared-update';

/** Options of DataParallelTrainer.create. */
export interface DataParallelOptions {
  /**
   * Threads in all, main thread included (default: backendInfo().threads, else 1). Worth it for the conv
   * autoencoder (1.5–1.9× faster with 2 threads); a model as small as the PCA one trains faster on 1 thread.
   */
  threads?: number;
  /** Largest batch trainBatch will receive (default 32): sizes the shared shard buffers. */
  maxBatchSize?: number;
  /** Optimizer applying the averaged gradients (default: the compiled model's optimizer). */
  optimizer?: tf.Optimizer;
}

interface GradientWorker {
  worker: Worker;
  inputs: Float32Array;
  targets: Float32Array;
  pending: { resolve: (reply: WorkerReply) => void; reject: (err: Error) => void } | null;
  /** Set once the thread has stopped: every later request fails with it at once instead of waiting for a reply. */
  stopped: Error | null;
}

/** Saves `model` into memory as tf.io artifacts (topology and weights). */
async function modelArtifacts(model: tf.LayersModel): Promise<ModelArtifacts> {
  let saved: ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const data = artifacts.weightData;
    const weightData = Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : (data as ArrayBuffer);
    saved = { modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs, weightData };
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  if (!saved) throw new Error('internal error: DataParallelTrainer: the model could not be serialised for the worker threads.');
  return saved;
}

/**
 * Starts the worker script: the compiled .js as is; the .ts source (tests, benchmarks run with tsx) through
 * tsx's CommonJS hook, which worker threads do not inherit from `node --import tsx`.
 */
function startWorker(script: string): Worker {
  if (!script.endsWith('.ts')) return new Worker(script);
  const code = `require('tsx/cjs'); require(${JSON.stringify(script)});`;
  return new Worker(code, { eval: true });
}

/** Where the time of the last trainBatch went, in milliseconds (wall clock). */
export interface StepTimings {
  /** Main thread: gradients of its own shard, written to the shared memory. */
  mainMs: number;
  /** Each worker: gradients of its shard, written to the shared memory. */
  workerMs: number[];
  /** Main thread: waiting for the workers' gradients after its own shard. */
  waitMs: number;
  /**
   * Main thread: averaging and optimizer update (split over the threads with Adamax), until its variables hold the
   * new weights. The workers read them meanwhile, and their replies are taken at the next step.
   */
  updateMs: number;
}

/** Splits n examples into `parts` contiguous shard sizes as equal as possible. */
export function shardSizes(n: number, parts: number): number[] {
  const count = Math.max(1, Math.min(parts, n));
  return Array.from({ length: count }, (_, i) => Math.floor((n * (i + 1)) / count) - Math.floor((n * i) / count));
}

/**
 * Trains a model on MSE with its batches split over `threads` threads (main + workers on the wasm route).
 * @example const trainer = await DataParallelTrainer.create(ae.autoencoder, { threads: 2 });
 *          const loss = await trainer.trainBatch(images); await trainer.dispose();
 */
export class DataParallelTrainer {
  private readonly variables: tf.Variable[];
  /** The main thread's gradients (replayed kernels on wasm, see ./gradients.ts). */
  private readonly mse: MseGradients;
  private readonly workers: GradientWorker[];
  private readonly exampleSize: number;
  private readonly maxShard: number;
  /** The weights, every shard's gradients and the update's state, shared by all threads (null without workers). */
  private readonly shared: SharedUpdate | null;
  /** The optimizer's state while the threads apply Adamax (null: the optimizer updates on the main thread). */
  private readonly adamax: SharedAdamax | null;
  /**
   * The workers' replies to the last step, not waited for when it ends: they may still be on their way. The next step
   * (or dispose) takes them first.
   */
  private lastReplies: Promise<WorkerReply[]> | null = null;
  private disposed = false;
  private busy = false;
  /** Timings of the last trainBatch (for benchmarks and tuning). */
  lastTimings: StepTimings | null = null;

  private constructor(
    private readonly model: tf.LayersModel,
    private readonly optimizer: tf.Optimizer,
    workers: GradientWorker[],
    exampleSize: number,
    maxShard: number,
    shared: SharedUpdate | null,
    private readonly threadsPerShard: number,
  ) {
    this.variables = trainableVariables(model);
    this.mse = new MseGradients(model, this.variables);
    this.workers = workers;
    this.exampleSize = exampleSize;
    this.maxShard = maxShard;
    this.shared = shared;
    this.publishWeights();
    this.adamax = shared ? SharedAdamax.attach(optimizer, this.variables, shared) : null;
  }

  /** Shards of each batch: the main thread's and one per worker. */
  get shards(): number {
    return this.workers.length + 1;
  }

  /** Threads in use, main thread included: shards × XNNPACK threads per shard. */
  get threads(): number {
    return this.shards * this.threadsPerShard;
  }

  /** Starts the worker threads (each rebuilds the model on wasm); resolves once they are ready. */
  static async create(model: tf.LayersModel, options: DataParallelOptions = {}): Promise<DataParallelTrainer> {
    const optimizer = options.optimizer ?? (model.optimizer as tf.Optimizer | undefined);
    if (!optimizer) throw new Error('internal error: DataParallelTrainer needs an optimizer: compile the model first or pass options.optimizer.');
    const threads = Math.max(1, Math.floor(options.threads ?? configuredThreads()));
    const maxBatch = options.maxBatchSize ?? 32;
    const inputShape = model.inputs[0].shape.slice(1);
    if (inputShape.some((d) => d == null)) throw new Error('internal error: DataParallelTrainer needs a model with a fixed input shape (no null dimension besides the batch).');
    const exampleSize = (inputShape as number[]).reduce((a, b) => a * b, 1);
    const outputShape = model.outputs[0].shape.slice(1) as number[];
    if (outputShape.reduce((a, b) => a * b, 1) !== exampleSize) {
      throw new Error('internal error: DataParallelTrainer trains autoencoders: the model output must have the size of its input.');
    }
    const total = trainableVariables(model).reduce((a, v) => a + v.size, 0);
    // On the threaded wasm build XNNPACK splits each shard's operations over threadsPerShard threads (initBackend
    // registers it when the thread plan asks for it, see ../thread-plan.ts).
    const onWasm = tf.getBackend() === 'wasm';
    const threadsPerShard = onWasm ? xnnpackThreads(tf.backend() as unknown as BackendWasm) : 1;
    const shards = shardsFor(threads, threadsPerShard);
    if (shards > 1 && model.nonTrainableWeights.length > 0) {
      throw new Error(
        `internal error: DataParallelTrainer: the model has ${model.nonTrainableWeights.length} non-trainable weights (e.g. BatchNormalization ` +
          'statistics) that worker threads cannot keep in step; use { threads: 1 } for this model.',
      );
    }
    const useWorkers = shards > 1 && onWasm;
    const maxShard = Math.ceil(maxBatch / (useWorkers ? shards : 1));
    const workers: GradientWorker[] = [];
    const shared = useWorkers ? SharedUpdate.allocate(total, shards) : null;
    const trainer = new DataParallelTrainer(model, optimizer, workers, exampleSize, maxShard, shared, threadsPerShard);
    if (!shared) return trainer;
    const artifacts = await modelArtifacts(model);
    const script = path.join(__dirname, `worker${path.extname(__filename)}`);
    try {
      for (let i = 1; i < shards; i++) {
        const inputs = new SharedArrayBuffer(maxShard * exampleSize * 4);
        const targets = new SharedArrayBuffer(maxShard * exampleSize * 4);
        const w: GradientWorker = {
          worker: startWorker(script),
          inputs: new Float32Array(inputs),
          targets: new Float32Array(targets),
          pending: null,
          stopped: null,
        };
        w.worker.on('message', (reply: WorkerReply) => {
          const p = w.pending;
          w.pending = null;
          if (!p) return;
          if (reply.type === 'error') p.reject(new Error(`Un fil d'entraînement parallèle a échoué : ${reply.message}. Relancez la cellule, ou entraînez sur un seul fil avec AE_THREADS=1.`));
          else p.resolve(reply);
        });
        w.worker.on('error', (err) => { w.pending?.reject(err); w.pending = null; });
        w.worker.on('exit', (code) => {
          w.stopped = new Error(`Un fil d'entraînement parallèle s'est arrêté (code ${code}) : relancez la cellule, ou entraînez sur un seul fil avec AE_THREADS=1.`);
          w.pending?.reject(w.stopped);
          w.pending = null;
        });
        workers.push(w);
        await trainer.request(w, { type: 'init', artifacts, memory: shared.memory, total, shards, slot: i, inputs, targets, threadsPerShard });
      }
    } catch (err) {
      await trainer.dispose();
      throw err;
    }
    return trainer;
  }

  /** Sends a request to a worker and waits for its reply (the worker keeps the process alive only meanwhile). */
  private request(w: GradientWorker, message: WorkerRequest): Promise<WorkerReply> {
    if (w.stopped) return Promise.reject(w.stopped);
    return new Promise<WorkerReply>((resolve, reject) => {
      w.worker.ref();
      w.pending = {
        resolve: (r) => { w.worker.unref(); resolve(r); },
        reject: (e) => { w.worker.unref(); reject(e); },
      };
      w.worker.postMessage(message);
    });
  }

  /** Copies the model's current weights into the shared memory the workers read them from. */
  private publishWeights(): void {
    if (this.shared) copyValues(this.variables, this.shared.weights);
  }

  /**
   * Writes the optimizer's state into the optimizer itself: while the threads apply Adamax, its moments and step
   * count live in shared memory. Call it before reading the optimizer's state (a checkpoint); dispose() calls it.
   */
  writeOptimizerState(): void {
    this.adamax?.writeBack();
  }

  /**
   * One optimisation step on a batch: inputs [n, ...] (targets default to the inputs) → the batch's mean MSE
   * before the step. The caller keeps ownership of inputs and targets.
   */
  async trainBatch(inputs: tf.Tensor, targets: tf.Tensor = inputs): Promise<number> {
    if (this.disposed) throw new Error('internal error: DataParallelTrainer.trainBatch after dispose(): create a new trainer.');
    if (this.busy) throw new Error('internal error: DataParallelTrainer.trainBatch called while a step is running: await each step before the next.');
    this.busy = true;
    try {
      return await this.step(inputs, targets);
    } finally {
      this.busy = false;
    }
  }

  private async step(inputs: tf.Tensor, targets: tf.Tensor): Promise<number> {
    if (!this.shared) return this.stepAlone(inputs, targets);
    await this.takeLastReplies();
    return this.stepShared(this.shared, inputs, targets);
  }

  /**
   * Waits for the workers' replies to the last step (each sent once its thread has passed the step's last barrier,
   * so that the next step may open the barriers again); a worker stopped meanwhile fails this call.
   */
  private async takeLastReplies(): Promise<void> {
    const replies = this.lastReplies;
    this.lastReplies = null;
    await replies;
  }

  /** A step on the main thread alone: its gradients, applied by the optimizer. */
  private stepAlone(inputs: tf.Tensor, targets: tf.Tensor): number {
    const t0 = performance.now();
    const { loss, gradients } = this.mse.compute(inputs, targets);
    const t1 = performance.now();
    this.applyGradients(gradients);
    this.lastTimings = { mainMs: t1 - t0, workerMs: [], waitMs: 0, updateMs: performance.now() - t1 };
    return loss;
  }

  /**
   * A step over every thread: the workers get their shards, the main thread computes its own; once every shard's
   * gradients are in the shared memory (a barrier, no message), each thread does its share of the update
   * (SharedUpdate.updateShare), and once every share is done (the second barrier) the main thread's variables take
   * the new weights, or with another optimizer than Adamax its optimizer applies the mean; the losses come through
   * the shared memory, and the workers' replies (sent as they pass the last barrier, before they read the new weights)
   * are taken at the next step rather than waited for. A failure on any thread aborts both barriers, waits for every
   * worker's reply (none is left to be taken for the next step's), puts the main thread's weights back into the
   * shared memory and rethrows.
   */
  private async stepShared(shared: SharedUpdate, inputs: tf.Tensor, targets: tf.Tensor): Promise<number> {
    const n = inputs.shape[0];
    const sizes = shardSizes(n, this.shards);
    if (sizes.slice(1).some((s) => s > this.maxShard)) {
      throw new Error(`internal error: DataParallelTrainer: batch of ${n} is larger than maxBatchSize allows; create the trainer with a larger maxBatchSize.`);
    }
    const adamax = this.adamax;
    shared.startStep(sizes.map((s) => s / n));
    if (adamax) shared.setAdamax(adamax.coefficients());
    // Worker shards first, so the workers start while the main thread computes its own shard. A worker beyond the
    // batch's shards (fewer examples than threads) gets none, but still does its share of the update.
    const same = targets === inputs;
    const shape = inputs.shape.slice(1);
    // Views over the wasm heap, read before anything is allocated.
    const inputData = tensorValues(inputs);
    const targetData = same ? inputData : tensorValues(targets);
    let start = sizes[0];
    const replies = this.workers.map((w, k) => {
      const size = sizes[k + 1] ?? 0;
      const from = start * this.exampleSize;
      const to = (start + size) * this.exampleSize;
      w.inputs.set(inputData.subarray(from, to));
      if (!same) w.targets.set(targetData.subarray(from, to));
      start += size;
      const message: StepMessage = { type: 'step', shape: [size, ...shape], targetsAreInputs: same, adamax: adamax !== null };
      return this.request(w, message);
    });
    // Rejects as soon as a worker fails: it ends the main thread's waits at the barriers.
    const workersDone = Promise.all(replies);
    workersDone.catch(() => undefined);
    try {
      const t0 = performance.now();
      const main = this.mainShard(inputs, targets, sizes[0]);
      storeGradients(main.gradients, shared.slot(0));
      const t1 = performance.now();
      shared.gradientsStored.arrive();
      await Promise.race([shared.gradientsStored.whenAll(), workersDone]);
      const t2 = performance.now();
      shared.updateShare(0, adamax !== null);
      shared.rangesUpdated.arrive();
      await Promise.race([shared.rangesUpdated.whenAll(), workersDone]);
      if (adamax) loadWeights(this.variables, shared.weights);
      else this.applyMean(shared);
      this.lastReplies = workersDone;
      adamax?.advance();
      const reports = this.workers.map((_, k) => shared.shardReport(k + 1));
      this.lastTimings = {
        mainMs: t1 - t0,
        workerMs: reports.map((r, k) => ((sizes[k + 1] ?? 0) > 0 ? r.computeMs : 0)),
        waitMs: t2 - t1,
        updateMs: performance.now() - t2,
      };
      let loss = main.loss * sizes[0];
      reports.forEach((r, k) => { loss += r.loss * (sizes[k + 1] ?? 0); });
      return loss / n;
    } catch (err) {
      shared.abortStep();
      const settled = await Promise.allSettled(replies);
      this.publishWeights();
      // Woken by a worker's abort before its error reply came: that reply says what went wrong.
      const workerFailure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      throw err instanceof StepAborted && workerFailure ? workerFailure.reason : err;
    }
  }

  /** The main thread's shard (the batch's first `size` examples): its loss and gradients. */
  private mainShard(inputs: tf.Tensor, targets: tf.Tensor, size: number): { loss: number; gradients: tf.Tensor[] } {
    const mainInputs = tf.slice(inputs, 0, size);
    const mainTargets = targets === inputs ? mainInputs : tf.slice(targets, 0, size);
    try {
      return this.mse.compute(mainInputs, mainTargets);
    } finally {
      mainInputs.dispose();
      if (mainTargets !== mainInputs) mainTargets.dispose();
    }
  }

  /** Applies the shared mean of the gradients with the main thread's optimizer, then publishes the new weights. */
  private applyMean(shared: SharedUpdate): void {
    let offset = 0;
    this.applyGradients(this.variables.map((v) => {
      const mean = tf.tensor(shared.mean.subarray(offset, offset + v.size), v.shape, 'float32');
      offset += v.size;
      return mean;
    }));
    this.publishWeights();
  }

  /** Applies `gradients` (one per variable, same order) with the optimizer, then disposes them. */
  private applyGradients(gradients: tf.Tensor[]): void {
    const named: tf.NamedTensorMap = {};
    this.variables.forEach((v, i) => { named[v.name] = gradients[i]; });
    this.optimizer.applyGradients(named);
    tf.dispose(gradients);
  }

  /** Stops the worker threads; the model and its optimizer (its state written back) stay usable. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.takeLastReplies().catch(() => undefined);
    this.writeOptimizerState();
    this.mse.dispose();
    await Promise.all(this.workers.map(async (w) => {
      w.pending = null;
      w.worker.removeAllListeners('exit');
      await w.worker.terminate();
    }));
  }
}
