/**
 * The shards' gradients and their size-weighted mean, in one shared WebAssembly memory: each thread of the
 * data-parallel trainer writes its gradients into its slot, then computes the mean over its own range of the
 * weights with the SIMD kernel shardMean (simd/assembly/shard-mean.ts), so the mean is split over all threads.
 */
import { sharedMemoryKernels, type SimdKernels } from '../simd/simd-kernels';

/** The WebAssembly.Memory constructor (its types are not in the ES2022 library this package compiles with). */
const WasmMemory = (globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number; maximum: number; shared: boolean }) => SharedMemory } }).WebAssembly.Memory;

/** A shared WebAssembly.Memory, as far as it is used here. */
export interface SharedMemory {
  buffer: SharedArrayBuffer;
}

/** Largest number of shards (the room kept for their scales). */
const MAX_SHARDS = 256;

/** The k-th of `parts` contiguous ranges of [0, total), as equal as possible. */
export function rangeOf(total: number, parts: number, k: number): { from: number; to: number } {
  return { from: Math.floor((total * k) / parts), to: Math.floor((total * (k + 1)) / parts) };
}

/** Slots for `shards` gradients of `total` weights and their mean, over a shared memory every thread maps. */
export class ShardGradients {
  /** Every shard's gradients one after the other (slot 0: the main thread's). */
  readonly slots: Float32Array;
  /** The mean of the shards' gradients, written by all threads. */
  readonly mean: Float32Array;
  private readonly scales: Float32Array;
  private readonly kernels: SimdKernels;

  /** Maps `memory` (made by allocate() in the main thread, then sent to the workers). */
  constructor(readonly memory: SharedMemory, readonly total: number, readonly shards: number) {
    if (shards > MAX_SHARDS) throw new Error(`internal error: ShardGradients: ${shards} shards, at most ${MAX_SHARDS}.`);
    this.slots = new Float32Array(memory.buffer, 0, shards * total);
    this.mean = new Float32Array(memory.buffer, shards * total * 4, total);
    this.scales = new Float32Array(memory.buffer, (shards + 1) * total * 4, MAX_SHARDS);
    this.kernels = sharedMemoryKernels(memory);
  }

  /** A new shared memory for `shards` gradients of `total` weights. */
  static allocate(total: number, shards: number): ShardGradients {
    const pages = Math.ceil((((shards + 1) * total + MAX_SHARDS) * 4) / 65536);
    return new ShardGradients(new WasmMemory({ initial: pages, maximum: pages, shared: true }), total, shards);
  }

  /** Slot `k` (shard k's gradients, laid out as the concatenated weights). */
  slot(k: number): Float32Array {
    return this.slots.subarray(k * this.total, (k + 1) * this.total);
  }

  /** Sets each shard's weight in the mean (its size / batch size), in slot order; the main thread does it before each mean. */
  setScales(scales: readonly number[]): void {
    this.scales.set(scales);
  }

  /**
   * mean[from..to) = Σₖ scales[k] · slot k, term by term in shard order in float32: the same bits as tf.mul of the
   * first shard then tf.add of each next tf.mul, whichever thread computes which range.
   */
  averageRange(from: number, to: number): void {
    this.kernels.shardMean(0, this.total, this.shards, this.scales.byteOffset, this.mean.byteOffset, from, to);
  }
}
