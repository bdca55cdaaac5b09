/** The linear ("PCA") autoencoder of the course: Flatten → Dense(codeSize) / Dense(h·w·c) → Reshape. */
import { tf } from '../tf';
import {
  assembleAutoencoder,
  Autoencoder,
  BuildOptions,
  glorot,
  seedSequence,
  validateCodeSize,
  validateImageShape,
} from './autoencoder';

/**
 * Builds the linear autoencoder: encoder `[n, h, w, c]` → `[n, codeSize]`, decoder back to `[n, h, w, c]`,
 * chained model compiled with Adamax + MSE. The caller disposes it with disposeAutoencoder(). Introduced in 10-construction-d-un-autoencodeur-pca.
 * @example const ae = buildPcaAutoencoder([32, 32, 3], 32, { seed: 42 });
 */
export function buildPcaAutoencoder(imageShape: readonly number[], codeSize: number, options: BuildOptions = {}): Autoencoder {
  const shape = validateImageShape(imageShape);
  validateCodeSize(codeSize);
  const nextSeed = seedSequence(options.seed);
  const pixels = shape[0] * shape[1] * shape[2];
  const encoder = tf.sequential({
    name: 'encoder',
    layers: [
      tf.layers.flatten({ inputShape: shape }),
      tf.layers.dense({ units: codeSize, kernelInitializer: glorot(nextSeed()) }),
    ],
  });
  const decoder = tf.sequential({
    name: 'decoder',
    layers: [
      tf.layers.dense({ inputShape: [codeSize], units: pixels, kernelInitializer: glorot(nextSeed()) }),
      tf.layers.reshape({ targetShape: shape }),
    ],
  });
  return assembleAutoencoder(encoder, decoder, 'pca', options.learningRate);
}
