/**
 * The memory every thread of the data-parallel trainer shares, one WebAssembly memory: the model's weights, each
 * shard's gradients (one slot per thread), their size-weighted mean and Adamax's two moments. After each step
 * every thread averages its own range of the weights with the SIMD kernels of simd/assembly/shard-mean.ts: either
 * the mean alone (the main thread's optimizer then applies it), or the mean and the Adamax update of those
 * weights in place, so that the update too is split over all threads.
 */
import type { AdamaxCoefficients } from '../fused-adamax';
import { sharedMemoryKernels, type SimdKernels } from '../simd/simd-kernels';

/** The WebAssembly.Memory constructor (its types are not in the ES2022 library this package compiles with). */
const WasmMemory = (globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number; maximum: number; shared: boolean }) => SharedMemory } }).WebAssembly.Memory;

/** A shared WebAssembly.Memory, as far as it is used here. */
export interface SharedMemory {
  buffer: SharedArrayBuffer;
}

/** Largest number of shards (the room kept for their scales). */
const MAX_SHARDS = 256;

/** Adamax's coefficients in the order of shardMeanAdamax's arguments. */
const COEFFICIENTS = 5;

/** Atomics.waitAsync (ES2024; not in the ES2022 library this package compiles with). */
const waitAsync = (Atomics as unknown as {
  waitAsync(array: Int32Array, index: number, value: number): { async: boolean; value: Promise<string> | string };
}).waitAsync;

/** The k-th of `parts` contiguous ranges of [0, total), as equal as possible. */
export function rangeOf(total: number, parts: number, k: number): { from: number; to: number } {
  return { from: Math.floor((total * k) / parts), to: Math.floor((total * (k + 1)) / parts) };
}

/** Weights, shard gradients, their mean and Adamax's moments for `total` weights, over a memory every thread maps. */
export class SharedUpdate {
  /** The current weights, concatenated in model.trainableWeights order. */
  readonly weights: Float32Array;
  /** Adamax's first moment and weighted infinity norm, laid out as the weights. */
  readonly firstMoment: Float32Array;
  readonly infNorm: Float32Array;
  /** Every shard's gradients one after the other (slot 0: the main thread's). */
  readonly slots: Float32Array;
  /** The mean of the shards' gradients (averageRange writes it). */
  readonly mean: Float32Array;
  private readonly scales: Float32Array;
  private readonly coefficients: Float32Array;
  /** Threads done with their range of this step's update (see arrive()). */
  private readonly arrivals: Int32Array;
  /** Shards that have gradients this step, the first ones (setScales sets it). */
  private readonly shardsThisStep: Int32Array;
  private readonly kernels: SimdKernels;

  /** Maps `memory` (made by allocate() in the main thread, then sent to the workers). */
  constructor(readonly memory: SharedMemory, readonly total: number, readonly shards: number) {
    if (shards > MAX_SHARDS) throw new Error(`internal error: SharedUpdate: ${shards} shards, at most ${MAX_SHARDS}.`);
    const floats = (index: number, length: number) => new Float32Array(memory.buffer, index * total * 4, length);
    this.weights = floats(0, total);
    this.firstMoment = floats(1, total);
    this.infNorm = floats(2, total);
    this.mean = floats(3, total);
    this.slots = floats(4, shards * total);
    this.scales = floats(4 + shards, MAX_SHARDS);
    this.coefficients = new Float32Array(memory.buffer, this.scales.byteOffset + MAX_SHARDS * 4, COEFFICIENTS);
    this.arrivals = new Int32Array(memory.buffer, this.coefficients.byteOffset + COEFFICIENTS * 4, 1);
    this.shardsThisStep = new Int32Array(memory.buffer, this.arrivals.byteOffset + 4, 1);
    this.kernels = sharedMemoryKernels(memory);
  }

  /** A new shared memory for `shards` gradients of `total` weights. */
  static allocate(total: number, shards: number): SharedUpdate {
    const pages = Math.ceil((((shards + 4) * total + MAX_SHARDS + COEFFICIENTS + 2) * 4) / 65536);
    return new SharedUpdate(new WasmMemory({ initial: pages, maximum: pages, shared: true }), total, shards);
  }

  /** Slot `k` (shard k's gradients, laid out as the weights). */
  slot(k: number): Float32Array {
    return this.slots.subarray(k * this.total, (k + 1) * this.total);
  }

  /**
   * Sets each shard's weight in the mean (its size / batch size), in slot order; the main thread does it before each
   * mean. The mean takes the first scales.length slots only: a batch smaller than the thread count (the last one of
   * an epoch) leaves the last workers without examples, and their slots hold an earlier step's gradients.
   */
  setScales(scales: readonly number[]): void {
    if (scales.length < 1 || scales.length > this.shards) {
      throw new Error(`internal error: SharedUpdate.setScales: ${scales.length} scales for ${this.shards} shard(s).`);
    }
    this.scales.set(scales);
    Atomics.store(this.shardsThisStep, 0, scales.length);
  }

  /** Sets this step's Adamax coefficients (the main thread, before adamaxRange). */
  setAdamax(c: AdamaxCoefficients): void {
    this.coefficients.set([c.beta1, c.oneMinusBeta1, c.beta2, c.epsilon, c.step]);
  }

  /** Starts counting the threads done with their range (the main thread, before it hands out the ranges). */
  resetArrivals(): void {
    Atomics.store(this.arrivals, 0, 0);
  }

  /** Counts this thread as done with its range of the update. */
  arrive(): void {
    if (Atomics.add(this.arrivals, 0, 1) + 1 === this.shards) Atomics.notify(this.arrivals, 0);
  }

  /** Blocks until every thread is done with its range (workers; a wake-up is only a hint, the count decides). */
  waitForAll(): void {
    for (let n = Atomics.load(this.arrivals, 0); n < this.shards; n = Atomics.load(this.arrivals, 0)) Atomics.wait(this.arrivals, 0, n);
  }

  /** Resolves once every thread is done with its range, without blocking (the main thread keeps its event loop). */
  async allArrived(): Promise<void> {
    for (let n = Atomics.load(this.arrivals, 0); n < this.shards; n = Atomics.load(this.arrivals, 0)) {
      const result = waitAsync(this.arrivals, 0, n);
      if (result.async) await result.value;
    }
  }

  /**
   * mean[from..to) = Σₖ scales[k] · slot k over the shards of setScales, term by term in shard order in float32: the
   * same bits as tf.mul of the first shard then tf.add of each next tf.mul, whichever thread computes which range.
   */
  averageRange(from: number, to: number): void {
    this.kernels.shardMean(this.slots.byteOffset, this.total, Atomics.load(this.shardsThisStep, 0), this.scales.byteOffset, this.mean.byteOffset, from, to);
  }

  /**
   * The mean of [from, to) as averageRange computes it, then Adamax's update of those weights and moments in place,
   * with the coefficients of setAdamax: the bits of the mean followed by the one-pass Adamax (../fused-adamax.ts).
   */
  adamaxRange(from: number, to: number): void {
    const [beta1, oneMinusBeta1, beta2, epsilon, step] = this.coefficients;
    this.kernels.shardMeanAdamax(
      this.slots.byteOffset, this.total, Atomics.load(this.shardsThisStep, 0), this.scales.byteOffset,
      this.weights.byteOffset, this.firstMoment.byteOffset, this.infNorm.byteOffset, from, to,
      beta1, oneMinusBeta1, beta2, epsilon, step,
    );
  }
}
