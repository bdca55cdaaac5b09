/**
 * Mean-squared-error gradients of a model on one shard of a batch, and reading tensor values without a copy;
 * shared by the main thread and the workers.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../../tf';

/** The wasm backend when it is the active one and holds `t`'s data, else null. */
function wasmHolding(t: tf.Tensor): BackendWasm | null {
  const backend = tf.backend() as unknown as Partial<BackendWasm>;
  return tf.getBackend() === 'wasm' && backend.typedArrayFromHeap && backend.dataIdMap?.has(t.dataId) ? (backend as BackendWasm) : null;
}

/** A tensor's float32 values: a view over the wasm heap on wasm (no copy; read it before allocating), else dataSync(). */
export function tensorValues(t: tf.Tensor): Float32Array {
  const wasm = wasmHolding(t);
  return wasm ? (wasm.typedArrayFromHeap(t) as Float32Array) : (t.dataSync() as Float32Array);
}

/** The model's trainable variables, in model.trainableWeights order. */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/**
 * MSE loss of `model` on (inputs, targets) and its gradients for `variables` (same order).
 * The caller disposes the returned gradients.
 */
export function mseGradients(
  model: tf.LayersModel, variables: tf.Variable[], inputs: tf.Tensor, targets: tf.Tensor,
): { loss: number; gradients: tf.Tensor[] } {
  const { value, grads } = tf.variableGrads(
    () => tf.losses.meanSquaredError(targets, model.apply(inputs, { training: true }) as tf.Tensor) as tf.Scalar,
    variables,
  );
  const loss = value.dataSync()[0];
  value.dispose();
  return { loss, gradients: variables.map((v) => grads[v.name]) };
}

/**
 * Gives each variable its values from `weights` (concatenated in `variables` order) as a new tensor, not a write in
 * place: the wasm backend caches XNNPACK operators (packed filters) by tensor.
 */
export function loadWeights(variables: tf.Variable[], weights: Float32Array): void {
  let offset = 0;
  for (const v of variables) {
    const fresh = tf.tensor(weights.subarray(offset, offset + v.size), v.shape, 'float32');
    v.assign(fresh);
    fresh.dispose();
    offset += v.size;
  }
}

/** Copies the values of `tensors` one after the other into `into` (the layout loadWeights reads). */
export function copyValues(tensors: tf.Tensor[], into: Float32Array): void {
  let offset = 0;
  for (const t of tensors) {
    into.set(tensorValues(t), offset);
    offset += t.size;
  }
}

/** Copies `gradients` one after the other into `slot`, then disposes them. */
export function storeGradients(gradients: tf.Tensor[], slot: Float32Array): void {
  copyValues(gradients, slot);
  tf.dispose(gradients);
}
