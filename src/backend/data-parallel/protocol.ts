/**
 * Messages between the data-parallel trainer (main thread) and its gradient workers.
 */

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
  /** Where this worker writes its gradients, same layout as `weights`. */
  gradients: SharedArrayBuffer;
  /** Room for the largest input and target shards (float32). */
  inputs: SharedArrayBuffer;
  targets: SharedArrayBuffer;
}

/** Main → worker, per step: weights changed (re-read them) and compute gradients on `count` examples of `shape`. */
export interface StepMessage {
  type: 'step';
  /** Shape of this worker's input shard, [count, ...example shape]. */
  shape: number[];
  /** True when the targets are the inputs (autoencoder without noise). */
  targetsAreInputs: boolean;
}

/** Worker → main. */
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'done'; loss: number; computeMs: number }
  | { type: 'error'; message: string };

/** Main → worker. */
export type WorkerRequest = InitMessage | StepMessage | { type: 'close' };
