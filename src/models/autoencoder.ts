/**
 * The shared `Autoencoder` type and the small helpers every builder uses: argument checks,
 * compiling (Adamax + MSE as in the course), assembling encoder + decoder, disposing.
 */
import { tf } from '../tf';
import { CheckpointableAdamax, DEFAULT_ADAMAX_LEARNING_RATE } from './adamax';

/** Image shape `[height, width, channels]` (no batch dimension). */
export type ImageShape = [number, number, number];

/** Which builder made an autoencoder (`custom` for hand-made encoder/decoder pairs). */
export type AutoencoderKind = 'pca' | 'deep' | 'custom';

/**
 * An autoencoder as the notebooks use it: `encoder` maps `[n, h, w, c]` images to `[n, codeSize]` codes,
 * `decoder` maps codes back to images, and `autoencoder` chains both (it shares their weights) and is
 * compiled with Adamax + mean squared error.
 */
export interface Autoencoder {
  encoder: tf.LayersModel;
  decoder: tf.LayersModel;
  autoencoder: tf.LayersModel;
  imageShape: ImageShape;
  codeSize: number;
  kind: AutoencoderKind;
}

/** Options shared by the builders: `seed` makes the initial weights reproducible; `learningRate` is Adamax's (0.002). */
export interface BuildOptions {
  seed?: number;
  learningRate?: number;
}

/** Checks a code size (positive integer) and returns it; throws an Error that says what to pass instead. */
export function validateCodeSize(codeSize: unknown): number {
  if (typeof codeSize !== 'number' || !Number.isInteger(codeSize) || codeSize < 1) {
    throw new Error(
      `codeSize (la taille de code, longueur du code latent) doit être un entier ≥ 1, reçu ${String(codeSize)} : ` +
        'passez par exemple 32.',
    );
  }
  return codeSize;
}

/** Checks an image shape `[height, width, channels]` of positive integers and returns a copy as a tuple. */
export function validateImageShape(imageShape: unknown): ImageShape {
  const ok =
    Array.isArray(imageShape) &&
    imageShape.length === 3 &&
    imageShape.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 1);
  if (!ok) {
    throw new Error(
      `imageShape doit être [hauteur, largeur, canaux] en entiers positifs, reçu ${JSON.stringify(imageShape)} : ` +
        "passez par exemple [32, 32, 3] (la forme d'une image, sans la dimension du lot).",
    );
  }
  const [h, w, c] = imageShape as number[];
  return [h, w, c];
}

/**
 * Throws a clear Error unless `images` is a `[n, h, w, c]` batch matching `ae.imageShape` (n >= 1).
 * `what` names the argument in the message (e.g. "train").
 */
export function assertImagesFit(ae: Pick<Autoencoder, 'imageShape'>, images: unknown, what = 'images'): void {
  const expected = `[n, ${ae.imageShape.join(', ')}]`;
  if (!(images instanceof tf.Tensor)) {
    throw new Error(`${what} doit être un tf.Tensor de forme ${expected}, reçu ${typeof images} : convertissez-le avec tf.tensor4d(...).`);
  }
  const shape = (images as tf.Tensor).shape;
  if (shape.length !== 4 || shape.slice(1).some((d, i) => d !== ae.imageShape[i])) {
    throw new Error(
      `${what} a la forme [${shape.join(', ')}] mais cet autoencodeur attend ${expected} : ` +
        `redimensionnez les images en ${ae.imageShape[0]}×${ae.imageShape[1]} avec ${ae.imageShape[2]} canaux ` +
        `(ajoutez la dimension du lot avec expandDims(0) pour une seule image), ou construisez un modèle pour imageShape ` +
        `[${shape.slice(1).join(', ')}].`,
    );
  }
  if (shape[0] < 1) {
    throw new Error(`${what} est un lot vide (forme [${shape.join(', ')}]) : donnez au moins une image.`);
  }
}

/** Per-layer initializer seeds derived from one seed (undefined stays undefined, i.e. random). */
export function seedSequence(seed: number | undefined): () => number | undefined {
  let k = 0;
  return () => (seed === undefined ? undefined : seed * 1000 + k++);
}

/** Kernel initializer (Glorot uniform, Keras' default) with an optional seed. */
export function glorot(seed: number | undefined): ReturnType<typeof tf.initializers.glorotUniform> {
  return tf.initializers.glorotUniform(seed === undefined ? {} : { seed });
}

/** Compiles `model` with a checkpointable Adamax (learning rate 0.002 by default) and the MSE loss, as the course does. */
export function compileAutoencoder(model: tf.LayersModel, learningRate = DEFAULT_ADAMAX_LEARNING_RATE): void {
  model.compile({ optimizer: new CheckpointableAdamax(learningRate), loss: 'meanSquaredError' });
}

/**
 * Chains `encoder` then `decoder` into one compiled model and returns the `Autoencoder` bundle.
 * Checks that the encoder outputs `[null, codeSize]` and the decoder `[null, ...imageShape]`.
 */
export function assembleAutoencoder(
  encoder: tf.LayersModel,
  decoder: tf.LayersModel,
  kind: AutoencoderKind,
  learningRate?: number,
): Autoencoder {
  const inShape = encoder.inputs[0].shape;
  const codeShape = encoder.outputs[0].shape;
  const outShape = decoder.outputs[0].shape;
  if (inShape.length !== 4 || codeShape.length !== 2) {
    throw new Error(
      `L'encodeur doit transformer des images [n, h, w, c] en codes [n, codeSize], or il transforme [${inShape}] en [${codeShape}] : ` +
        "terminez l'encodeur par Flatten et Dense(codeSize).",
    );
  }
  const imageShape = validateImageShape(inShape.slice(1));
  const codeSize = validateCodeSize(codeShape[1]);
  const decIn = decoder.inputs[0].shape;
  if (decIn.length !== 2 || decIn[1] !== codeSize || outShape.length !== 4 || outShape.slice(1).some((d, i) => d !== imageShape[i])) {
    throw new Error(
      `Le décodeur doit transformer des codes [n, ${codeSize}] en images [n, ${imageShape.join(', ')}], or il transforme [${decIn}] en [${outShape}] : ` +
        'vérifiez sa première couche Dense et sa dernière couche Reshape ou Conv2DTranspose.',
    );
  }
  const input = tf.input({ shape: imageShape });
  const code = encoder.apply(input) as tf.SymbolicTensor;
  const reconstruction = decoder.apply(code) as tf.SymbolicTensor;
  const autoencoder = tf.model({ inputs: input, outputs: reconstruction, name: 'autoencoder' });
  compileAutoencoder(autoencoder, learningRate);
  return { encoder, decoder, autoencoder, imageShape, codeSize, kind };
}

/**
 * Frees the weights and optimizer state of an autoencoder (encoder, decoder and the chained model).
 * Introduced in 10-construction-d-un-autoencodeur-pca.
 */
export function disposeAutoencoder(ae: Autoencoder): void {
  const optimizer = ae.autoencoder.optimizer;
  ae.autoencoder.dispose();
  // The chained model holds one reference to each part; the caller's references go here.
  for (const part of [ae.encoder, ae.decoder]) {
    try {
      part.dispose();
    } catch {
      // already disposed through the chained model
    }
  }
  optimizer?.dispose();
}
