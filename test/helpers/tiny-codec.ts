/** Test helper: a tiny seeded dense encoder/decoder pair, built without the library's model builders. */
import { tf } from '../../src/tf';
import type { ImageShape } from '../../src/models/autoencoder';

/** A seeded Flatten → Dense(codeSize) encoder and Dense → Reshape decoder for `imageShape` images; dispose both when done. */
export function tinyCodec(
  imageShape: ImageShape,
  codeSize: number,
): { encoder: tf.LayersModel; decoder: tf.LayersModel; imageShape: ImageShape; codeSize: number } {
  const encoder = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: imageShape }),
      tf.layers.dense({ units: codeSize, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
    ],
  });
  const decoder = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [codeSize],
        units: imageShape[0] * imageShape[1] * imageShape[2],
        kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
      }),
      tf.layers.reshape({ targetShape: imageShape }),
    ],
  });
  return { encoder, decoder, imageShape, codeSize };
}
