/**
 * The course's convolutional autoencoder. Encoder: four blocks Conv2D 3×3 'same' + ELU + MaxPool 2×2
 * (32, 64, 128, 256 filters), Flatten, Dense(codeSize). Decoder: Dense((h/16)·(w/16)·256), Reshape,
 * Conv2DTranspose 3×3 stride 2 'same' + ELU (128, 64, 32 filters), Conv2DTranspose to c channels, no activation.
 */
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

/** Filters of the four encoder blocks; the decoder mirrors the first three. */
export const DEEP_ENCODER_FILTERS = [32, 64, 128, 256] as const;

/**
 * Builds the convolutional autoencoder for `[h, w, c]` images (h and w divisible by 16): encoder
 * `[n, h, w, c]` → `[n, codeSize]`, decoder back, chained model compiled with Adamax + MSE.
 * The caller disposes it with disposeAutoencoder(). Introduced in 13-construction-d-un-autoencodeur-profond.
 * @example const ae = buildDeepAutoencoder([32, 32, 3], 32, { seed: 42 });
 */
export function buildDeepAutoencoder(imageShape: readonly number[], codeSize: number, options: BuildOptions = {}): Autoencoder {
  const [h, w, c] = validateImageShape(imageShape);
  validateCodeSize(codeSize);
  const blocks = DEEP_ENCODER_FILTERS.length;
  const factor = 2 ** blocks;
  if (h % factor !== 0 || w % factor !== 0) {
    throw new Error(
      `buildDeepAutoencoder demande une hauteur et une largeur divisibles par ${factor} (${blocks} sous-échantillonnages 2×2), reçu ${h}×${w} : ` +
        'redimensionnez les images en 16×16, 32×32, 48×48… ou utilisez buildPcaAutoencoder.',
    );
  }
  const nextSeed = seedSequence(options.seed);
  const encoderLayers: tf.layers.Layer[] = [];
  DEEP_ENCODER_FILTERS.forEach((filters, i) => {
    encoderLayers.push(
      tf.layers.conv2d({
        ...(i === 0 ? { inputShape: [h, w, c] } : {}),
        filters,
        kernelSize: 3,
        padding: 'same',
        activation: 'elu',
        kernelInitializer: glorot(nextSeed()),
      }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
    );
  });
  encoderLayers.push(tf.layers.flatten(), tf.layers.dense({ units: codeSize, kernelInitializer: glorot(nextSeed()) }));
  const encoder = tf.sequential({ name: 'encoder', layers: encoderLayers });

  const smallest: [number, number, number] = [h / factor, w / factor, DEEP_ENCODER_FILTERS[blocks - 1]];
  const decoderLayers: tf.layers.Layer[] = [
    tf.layers.dense({ inputShape: [codeSize], units: smallest[0] * smallest[1] * smallest[2], kernelInitializer: glorot(nextSeed()) }),
    tf.layers.reshape({ targetShape: smallest }),
  ];
  // 128, 64, 32 filters with ELU, then one last layer back to c channels without activation.
  const upFilters: number[] = [...DEEP_ENCODER_FILTERS.slice(0, blocks - 1)].reverse();
  [...upFilters, c].forEach((filters, i) => {
    decoderLayers.push(
      tf.layers.conv2dTranspose({
        filters,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        activation: i < upFilters.length ? 'elu' : 'linear',
        kernelInitializer: glorot(nextSeed()),
      }),
    );
  });
  const decoder = tf.sequential({ name: 'decoder', layers: decoderLayers });
  return assembleAutoencoder(encoder, decoder, 'deep', options.learningRate);
}
