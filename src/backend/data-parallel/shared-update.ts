/**
 * The memory every thread of the data-parallel trainer shares, one WebAssembly memory: the model's weights, each
 * shard's gradients (one slot per thread), their size-weighted mean, Adamax's two moments and the two barriers of
 * a step. Once every thread has stored its gradients (first barrier), each averages its own range of the weights
 * with the SIMD kernels of simd/assembly/shard-mean.ts: either the mean alone (the main thread's optimizer then
 * applies it), or the mean and the Adamax update of those weights in place, so that the update too is split over
 * all threads; the second barrier marks every range done. No message goes between the threads meanwhile.
 */
import type { AdamaxCoefficients } from '../fused-adamax';
import { sharedMemoryKernels, type SimdKernels } from '../simd/simd-kernels';
import { SharedBarrier } from './shared-barrier';

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

/** Int32 cells after the coefficients: the two barriers and the count of shards with gradients. */
const COUNTERS = 3;

/** Float32 cells per shard after the counters: its loss and the milliseconds its gradients took (reportShard). */
const REPORT = 2;

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
  /** Every thread has stored its gradients (or has none this step): the update can start. */
  readonly gradientsStored: SharedBarrier;
  /** Every thread is done with its range of the update: the new weights (or their mean) are complete. */
  readonly rangesUpdated: SharedBarrier;
  /** Shards that have gradients this step, the first ones (startStep sets it). */
  private readonly shardsThisStep: Int32Array;
  /** Each shard's loss and gradient time this step (reportShard). */
  private readonly reports: Float32Array;
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
    const counters = this.coefficients.byteOffset + COEFFICIENTS * 4;
    this.gradientsStored = new SharedBarrier(new Int32Array(memory.buffer, counters, 1), shards);
    this.rangesUpdated = new SharedBarrier(new Int32Array(memory.buffer, counters + 4, 1), shards);
    this.shardsThisStep = new Int32Array(memory.buffer, counters + 8, 1);
    this.reports = new Float32Array(memory.buffer, counters + COUNTERS * 4, shards * REPORT);
    this.kernels = sharedMemoryKernels(memory);
  }

  /** A new shared memory for `shards` gradients of `total` weights. */
  static allocate(total: number, shards: number): SharedUpdate {
    const pages = Math.ceil((((shards + 4) * total + MAX_SHARDS + COEFFICIENTS + COUNTERS + shards * REPORT) * 4) / 65536);
    return new SharedUpdate(new WasmMemory({ initial: pages, maximum: pages, shared: true }), total, shards);
  }

  /** Slot `k` (shard k's gradients, laid out as the weights). */
  slot(k: number): Float32Array {
    return this.slots.subarray(k * this.total, (k + 1) * this.total);
  }

  /**
   * Prepares a step (the main thread, before it hands out the shards): opens both barriers and sets each shard's
   * weight in the mean (its size / batch size), in slot order. The mean takes the first scales.length slots only: a
   * batch smaller than the thread count (the last one of an epoch) leaves the last workers without examples, and
   * their slots hold an earlier step's gradients.
   */
  startStep(scales: readonly number[]): void {
    if (scales.length < 1 || scales.length > this.shards) {
      throw new Error(`internal error: SharedUpdate.startStep: ${scales.length} scales for ${this.shards} shard(s).`);
    }
    this.scales.set(scales);
    Atomics.store(this.shardsThisStep, 0, scales.length);
    this.gradientsStored.reset();
    this.rangesUpdated.reset();
  }

  /**
   * Shard k's loss (a float32, as the loss tensor holds it) and the milliseconds its gradients took, written by its
   * thread before it arrives at gradientsStored: readable by every thread once that barrier is passed.
   */
  reportShard(k: number, loss: number, computeMs: number): void {
    this.reports[k * REPORT] = loss;
    this.reports[k * REPORT + 1] = computeMs;
  }

  /** Shard k's report of this step (see reportShard). */
  shardReport(k: number): { loss: number; computeMs: number } {
    return { loss: this.reports[k * REPORT], computeMs: this.reports[k * REPORT + 1] };
  }

  /** Wakes every thread waiting at either barrier of this step with StepAborted (a thread failed). */
  abortStep(): void {
    this.gradientsStored.abort();
    this.rangesUpdated.abort();
  }

  /** Sets this step's Adamax coefficients (the main thread, before it hands out the shards). */
  setAdamax(c: AdamaxCoefficients): void {
    this.coefficients.set([c.beta1, c.oneMinusBeta1, c.beta2, c.epsilon, c.step]);
  }

  /**
   * Thread k's share of the update, once every shard's gradients are stored: its range of the weights (rangeOf),
   * averaged, and with `adamax` updated in place (adamaxRange) rather than left as a mean (averageRange).
   */
  updateShare(k: number, adamax: boolean): void {
    const { from, to } = rangeOf(this.total, this.shards, k);
    if (adamax) this.adamaxRange(from, to);
    else this.averageRange(from, to);
  }

  /**
   * mean[from..to) = Σₖ scales[k] · slot k over the shards of startStep, term by term in shard order in float32: the
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
