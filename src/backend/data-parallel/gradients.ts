/**
 * Mean-squared-error gradients of a model on one shard of a batch, shared by the main thread and the workers.
 */
import { tf } from '../../tf';

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
