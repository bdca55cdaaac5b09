/**
 * Messages between the data-parallel trainer (main thread) and its gradient workers.
 */
import type { SharedMemory } from './shard-mean';

/** The model as tf.io artifacts (topology + weights), enough to rebuild it in a worker. */
export interface ModelArtifacts {
  modelTopology: unknown;
  weightSpecs: unknown;
  weightData: ArrayBuffer;
}

/** Main → worker, once: build the model; shared buffers for the weights (in) and the gradients (out). */
export interface InitMessage {
  type: 'init';
  artifacts: ModelArtifacts;
  /** Float32 view over all trainable weights, concatenated in model.trainableWeights order. */
  weights: SharedArrayBuffer;
  /** The shared WebAssembly.Memory of the shards' gradients and their mean (see shard-mean.ts). */
  gradients: SharedMemory;
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

/** Main → worker, per step: weights changed (re-read them) and compute gradients on `count` examples of `shape`. */
export interface StepMessage {
  type: 'step';
  /** Shape of this worker's input shard, [count, ...example shape]. */
  shape: number[];
  /** True when the targets are the inputs (autoencoder without noise). */
  targetsAreInputs: boolean;
}

/** Main → worker, per step once every shard is done (and their scales set): the mean of the shards' gradients over [from, to). */
export interface MeanMessage {
  type: 'mean';
  from: number;
  to: number;
}

/** Worker → main. */
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'done'; loss: number; computeMs: number }
  | { type: 'meanDone' }
  | { type: 'error'; message: string };

/** Main → worker. */
export type WorkerRequest = InitMessage | StepMessage | MeanMessage | { type: 'close' };
