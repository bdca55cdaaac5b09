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

/**
 * Main → worker, per step: compute the gradients of `shape[0]` examples (none when the batch has fewer examples than
 * shards) with the current weights and store them in the worker's slot; then, without further messages, wait at the
 * shared barriers for every shard's gradients and do this worker's share of the update (SharedUpdate.updateShare):
 * with `adamax` the new weights are final once every share is done, and the worker reads them right after its reply;
 * otherwise the main thread's optimizer applies the mean and the worker reads the weights at its next step.
 */
export interface StepMessage {
  type: 'step';
  /** Shape of this worker's input shard, [count, ...example shape]; count may be 0. */
  shape: number[];
  /** True when the targets are the inputs (autoencoder without noise). */
  targetsAreInputs: boolean;
  /** True when the threads apply Adamax themselves (SharedAdamax), false when they only average the gradients. */
  adamax: boolean;
}

/**
 * Worker → main, once per request: 'done' ends a step (its loss and time are in the shared memory, see
 * SharedUpdate.reportShard); 'aborted' ends a step that another thread's failure stopped at a barrier; 'error'
 * carries the worker's own failure.
 */
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'done' }
  | { type: 'aborted' }
  | { type: 'error'; message: string };

/** Main → worker. */
export type WorkerRequest = InitMessage | StepMessage | { type: 'close' };
