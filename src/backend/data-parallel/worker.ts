/**
 * Gradient worker of the data-parallel trainer: rebuilds the model on the fast wasm route, then for each
 * step reads the current weights and its shard from shared memory, computes the MSE gradients and writes
 * them back, then averages (and with Adamax updates) its range of the weights. Started by DataParallelTrainer;
 * not meant to be run by hand.
 */
import { parentPort } from 'node:worker_threads';
import { tf } from '../../tf';
import { initBackend } from '../init-backend';
import { loadWeights, mseGradients, storeGradients, trainableVariables } from './gradients';
import type { InitMessage, StepMessage, UpdateMessage, WorkerReply, WorkerRequest } from './protocol';
import { SharedUpdate } from './shared-update';

interface WorkerState {
  model: tf.LayersModel;
  variables: tf.Variable[];
  shared: SharedUpdate;
  /** This worker's slot of the shared gradients. */
  gradients: Float32Array;
  inputs: Float32Array;
  targets: Float32Array;
  /** False when the shared weights changed since the variables last read them. */
  weightsCurrent: boolean;
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
  state = {
    model,
    variables: trainableVariables(model),
    shared,
    gradients: shared.slot(message.slot),
    inputs: new Float32Array(message.inputs),
    targets: new Float32Array(message.targets),
    weightsCurrent: false,
  };
}

function step(message: StepMessage): number {
  if (!state) throw new Error('internal error: data-parallel worker: step before init');
  const s = state;
  if (!s.weightsCurrent) {
    loadWeights(s.variables, s.shared.weights);
    s.weightsCurrent = true;
  }
  const size = message.shape.reduce((a, b) => a * b, 1);
  const inputs = tf.tensor(s.inputs.subarray(0, size), message.shape, 'float32');
  const targets = message.targetsAreInputs ? inputs : tf.tensor(s.targets.subarray(0, size), message.shape, 'float32');
  try {
    const { loss, gradients } = mseGradients(s.model, s.variables, inputs, targets);
    storeGradients(gradients, s.gradients);
    return loss;
  } finally {
    inputs.dispose();
    if (targets !== inputs) targets.dispose();
  }
}

/**
 * This worker's range of the update. With Adamax the new weights are final once every thread is done with its
 * range: the worker waits for that, then reads them (alongside the main thread, not at its next step).
 */
function update(s: WorkerState, message: UpdateMessage): void {
  if (!message.adamax) {
    s.shared.averageRange(message.from, message.to);
    s.weightsCurrent = false;
    return;
  }
  s.shared.adamaxRange(message.from, message.to);
  s.shared.arrive();
  s.shared.waitForAll();
  loadWeights(s.variables, s.shared.weights);
  s.weightsCurrent = true;
}

parentPort?.on('message', (message: WorkerRequest) => {
  void (async () => {
    try {
      if (message.type === 'init') {
        await init(message);
        reply({ type: 'ready' });
      } else if (message.type === 'step') {
        const started = performance.now();
        const loss = step(message);
        reply({ type: 'done', loss, computeMs: performance.now() - started });
      } else if (message.type === 'update') {
        if (!state) throw new Error('internal error: data-parallel worker: update before init');
        update(state, message);
        reply({ type: 'updated' });
      } else if (message.type === 'close') {
        state?.model.dispose();
        state = null;
        parentPort?.close();
      }
    } catch (err) {
      reply({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  })();
});
