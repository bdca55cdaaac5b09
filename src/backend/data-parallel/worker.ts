/**
 * Gradient worker of the data-parallel trainer: rebuilds the model on the fast wasm route, then for each
 * step reads the current weights and its shard from shared memory, computes the MSE gradients and writes
 * them back. Started by DataParallelTrainer; not meant to be run by hand.
 */
import { parentPort } from 'node:worker_threads';
import { tf } from '../../tf';
import { initBackend } from '../init-backend';
import { mseGradients, tensorValues, trainableVariables } from './gradients';
import type { InitMessage, StepMessage, WorkerReply, WorkerRequest } from './protocol';
import { ShardGradients } from './shard-mean';

interface WorkerState {
  model: tf.LayersModel;
  variables: tf.Variable[];
  weights: Float32Array;
  shardGradients: ShardGradients;
  /** This worker's slot of shardGradients. */
  gradients: Float32Array;
  inputs: Float32Array;
  targets: Float32Array;
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
  const shardGradients = new ShardGradients(message.gradients, message.weights.byteLength / 4, message.shards);
  state = {
    model,
    variables: trainableVariables(model),
    weights: new Float32Array(message.weights),
    shardGradients,
    gradients: shardGradients.slot(message.slot),
    inputs: new Float32Array(message.inputs),
    targets: new Float32Array(message.targets),
  };
}

function step(message: StepMessage): number {
  if (!state) throw new Error('internal error: data-parallel worker: step before init');
  const s = state;
  let offset = 0;
  for (const v of s.variables) {
    // A new tensor, not a write in place: the wasm backend caches XNNPACK operators (packed filters) by tensor.
    const fresh = tf.tensor(s.weights.subarray(offset, offset + v.size), v.shape, 'float32');
    v.assign(fresh);
    fresh.dispose();
    offset += v.size;
  }
  const size = message.shape.reduce((a, b) => a * b, 1);
  const inputs = tf.tensor(s.inputs.subarray(0, size), message.shape, 'float32');
  const targets = message.targetsAreInputs ? inputs : tf.tensor(s.targets.subarray(0, size), message.shape, 'float32');
  try {
    const { loss, gradients } = mseGradients(s.model, s.variables, inputs, targets);
    offset = 0;
    gradients.forEach((g) => {
      s.gradients.set(tensorValues(g), offset);
      offset += g.size;
    });
    tf.dispose(gradients);
    return loss;
  } finally {
    inputs.dispose();
    if (targets !== inputs) targets.dispose();
  }
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
      } else if (message.type === 'mean') {
        if (!state) throw new Error('internal error: data-parallel worker: mean before init');
        state.shardGradients.averageRange(message.from, message.to);
        reply({ type: 'meanDone' });
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
