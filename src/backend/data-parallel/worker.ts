/**
 * Gradient worker of the data-parallel trainer: rebuilds the model on the fast wasm route, then for each step
 * reads the current weights and its shard from shared memory, computes the MSE gradients and writes them back,
 * then, once every thread's gradients are in, averages (and with Adamax updates) its range of the weights.
 * Started by DataParallelTrainer; not meant to be run by hand.
 */
import { parentPort } from 'node:worker_threads';
import { tf } from '../../tf';
import { initBackend } from '../init-backend';
import { loadWeights, MseGradients, storeGradients, trainableVariables } from './gradients';
import type { InitMessage, StepMessage, WorkerReply, WorkerRequest } from './protocol';
import { StepAborted } from './shared-barrier';
import { SharedUpdate } from './shared-update';

interface WorkerState {
  model: tf.LayersModel;
  variables: tf.Variable[];
  mse: MseGradients;
  shared: SharedUpdate;
  /** This worker's slot of the shared gradients, and its share of the update. */
  slot: number;
  gradients: Float32Array;
  inputs: Float32Array;
  targets: Float32Array;
  /** False when the shared weights changed since the variables last read them. */
  weightsCurrent: boolean;
  /** A failure to read the new weights after a step had been answered: the next step reports it. */
  deferredFailure: Error | null;
}

let state: WorkerState | null = null;

function reply(message: WorkerReply): void {
  parentPort?.postMessage(message);
}

async function init(message: InitMessage): Promise<void> {
  // This worker's own plan: one shard (its own) on threadsPerShard XNNPACK threads.
  process.env.AE_WASM_BUILD = message.threadsPerShard > 1 ? 'threaded' : 'simd';
  delete process.env.AE_SHARDS;
  await initBackend({ backend: 'wasm', threads: message.threadsPerShard });
  const model = await tf.loadLayersModel(tf.io.fromMemory(message.artifacts as tf.io.ModelArtifacts));
  const shared = new SharedUpdate(message.memory, message.total, message.shards);
  const variables = trainableVariables(model);
  state = {
    model,
    variables,
    mse: new MseGradients(model, variables),
    shared,
    slot: message.slot,
    gradients: shared.slot(message.slot),
    inputs: new Float32Array(message.inputs),
    targets: new Float32Array(message.targets),
    weightsCurrent: false,
    deferredFailure: null,
  };
}

/** This worker's gradients on its shard (none when it has no examples this step), stored in its slot: the loss. */
function gradients(s: WorkerState, message: StepMessage): number {
  const size = message.shape.reduce((a, b) => a * b, 1);
  if (size === 0) return 0;
  const inputs = tf.tensor(s.inputs.subarray(0, size), message.shape, 'float32');
  const targets = message.targetsAreInputs ? inputs : tf.tensor(s.targets.subarray(0, size), message.shape, 'float32');
  try {
    const { loss, gradients } = s.mse.compute(inputs, targets);
    storeGradients(gradients, s.gradients);
    return loss;
  } finally {
    inputs.dispose();
    if (targets !== inputs) targets.dispose();
  }
}

/**
 * One step: the shard's gradients and its report (loss, time) in shared memory, then this worker's share of the update
 * once every thread has stored its own; with Adamax, it waits until every share is done (the new weights are then
 * final, readNewWeights reads them). A failure aborts the step's barriers, so that no thread waits for this one.
 */
function step(s: WorkerState, message: StepMessage): WorkerReply {
  try {
    if (s.deferredFailure) {
      const failure = s.deferredFailure;
      s.deferredFailure = null;
      throw failure;
    }
    if (!s.weightsCurrent) loadWeights(s.variables, s.shared.weights);
    s.weightsCurrent = false; // this step changes the shared weights
    const started = performance.now();
    const loss = gradients(s, message);
    s.shared.reportShard(s.slot, loss, performance.now() - started);
    s.shared.gradientsStored.arrive();
    s.shared.gradientsStored.wait();
    s.shared.updateShare(s.slot, message.adamax);
    s.shared.rangesUpdated.arrive();
    if (message.adamax) s.shared.rangesUpdated.wait();
    return { type: 'done' };
  } catch (err) {
    if (err instanceof StepAborted) return { type: 'aborted' };
    s.shared.abortStep();
    throw err;
  }
}

/**
 * Reads the new weights Adamax left in the shared memory, once the step is answered: the main thread reads its own
 * meanwhile, and the next step needs them. A failure here comes after every thread's update, so it spoils no step: the
 * weights are read again, and the next step fails with the error.
 */
function readNewWeights(s: WorkerState): void {
  try {
    loadWeights(s.variables, s.shared.weights);
    s.weightsCurrent = true;
  } catch (err) {
    s.deferredFailure = err instanceof Error ? err : new Error(String(err));
  }
}

parentPort?.on('message', (message: WorkerRequest) => {
  void (async () => {
    try {
      if (message.type === 'init') {
        await init(message);
        reply({ type: 'ready' });
      } else if (message.type === 'step') {
        if (!state) throw new Error('internal error: data-parallel worker: step before init');
        const answer = step(state, message);
        reply(answer);
        if (message.adamax && answer.type === 'done') readNewWeights(state);
      } else if (message.type === 'close') {
        state?.mse.dispose();
        state?.model.dispose();
        state = null;
        parentPort?.close();
      }
    } catch (err) {
      reply({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  })();
});
