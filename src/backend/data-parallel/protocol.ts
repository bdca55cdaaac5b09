/**
 * Messages between the data-parallel trainer (main thread) and its gradient workers.
 */
import type { SharedMemory } from './shared-update';

/** The model as tf.io artifacts (topology + weights), enough to rebuild it in a worker. */
export interface ModelArtifacts {
  modelTopology: unknown;
  weightSpecs: unknown;
  weightData: ArrayBuffer;
}

/** Main → worker, once: build the model, and map the memory shared by all threads (see shared-update.ts). */
export interface InitMessage {
  type: 'init';
  artifacts: ModelArtifacts;
  /** The shared WebAssembly.Memory of the weights, the shards' gradients and the update's state. */
  memory: SharedMemory;
  /** Trainable weights in all (floats). */
  total: number;
  /** Shards in all (main thread's included). */
  shards: number;
  /** This worker's shard: its gradients go to that slot. */
  slot: number;
  /** Room for the largest input and target shards (float32). */
  inputs: SharedArrayBuffer;
  targets: SharedArrayBuffer;
  /** XNNPACK threads of this worker's backend (the threaded wasm build when more than 1). */
  threadsPerShard: number;
}

/** Main → worker, per step: compute gradients on `count` examples of `shape` (with the current weights). */
export interface StepMessage {
  type: 'step';
  /** Shape of this worker's input shard, [count, ...example shape]. */
  shape: number[];
  /** True when the targets are the inputs (autoencoder without noise). */
  targetsAreInputs: boolean;
}

/**
 * Main → worker, per step once every shard is done (and their scales set): over the weights [from, to), the mean of
 * the shards' gradients, and with `adamax` the Adamax update of those weights in place (coefficients set too); the
 * worker then waits for every thread's range and reads the new weights (else it reads them at its next step, once
 * the main thread's optimizer has written them).
 */
export interface UpdateMessage {
  type: 'update';
  from: number;
  to: number;
  adamax: boolean;
}

/** Worker → main. */
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'done'; loss: number; computeMs: number }
  | { type: 'updated' }
  | { type: 'error'; message: string };

/** Main → worker. */
export type WorkerRequest = InitMessage | StepMessage | UpdateMessage | { type: 'close' };
