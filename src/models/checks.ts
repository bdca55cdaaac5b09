/**
 * The course's code-size checks for an autoencoder builder: code shape, image shape, at least three
 * weighted layers on each side, and no layer with fewer units than the code.
 */
import { tf } from '../tf';
import { Autoencoder, disposeAutoencoder, ImageShape, validateCodeSize, validateImageShape } from './autoencoder';

/** Code sizes the course checks the convolutional autoencoder with. Introduced in 17-verification-des-tailles-de-code. */
export const COURSE_CODE_SIZES: readonly number[] = [1, 8, 32, 128, 512, 1024];

/** A builder as checkAutoencoder calls it, e.g. buildDeepAutoencoder. */
export type AutoencoderBuilder = (imageShape: ImageShape, codeSize: number) => Autoencoder;

/** What checkAutoencoder measured, and which of the course's assertions failed (empty `failures` = passed). */
export interface AutoencoderCheckReport {
  codeSize: number;
  imageShape: ImageShape;
  encoderOutputShape: number[];
  decoderOutputShape: number[];
  encoderWeightedLayers: number;
  decoderWeightedLayers: number;
  /** The layer with the fewest output units (product of its output shape without the batch dimension). */
  narrowestLayer: { name: string; units: number };
  passed: boolean;
  failures: string[];
}

/** Units of a layer's output: the product of its output shape without the batch dimension. */
function outputUnits(layer: tf.layers.Layer): number {
  const shape = layer.outputShape as (number | null)[];
  return shape.slice(1).reduce<number>((p, d) => p * (d ?? 1), 1);
}

function weightedLayers(model: tf.LayersModel): number {
  return model.layers.filter((l) => l.trainableWeights.length > 0).length;
}

/**
 * Builds `build(imageShape, codeSize)`, runs the course's checks on it, disposes it and returns the report.
 * Throws an Error listing every failure unless `options.throws` is false. Introduced in 17-verification-des-tailles-de-code.
 * @example checkAutoencoder([32, 32, 3], 32, buildDeepAutoencoder);
 */
export function checkAutoencoder(
  imageShape: readonly number[],
  codeSize: number,
  build: AutoencoderBuilder,
  options: { throws?: boolean } = {},
): AutoencoderCheckReport {
  const shape = validateImageShape(imageShape);
  validateCodeSize(codeSize);
  const ae = build(shape, codeSize);
  try {
    const encoderOutputShape = ae.encoder.outputs[0].shape.slice(1) as number[];
    const decoderOutputShape = ae.decoder.outputs[0].shape.slice(1) as number[];
    const failures: string[] = [];
    if (encoderOutputShape.length !== 1 || encoderOutputShape[0] !== codeSize) {
      failures.push(`l'encodeur doit produire un code de forme [${codeSize}], il produit [${encoderOutputShape}]`);
    }
    if (decoderOutputShape.join(',') !== shape.join(',')) {
      failures.push(`le décodeur doit produire des images de forme [${shape}], il produit [${decoderOutputShape}]`);
    }
    const encoderWeightedLayers = weightedLayers(ae.encoder);
    const decoderWeightedLayers = weightedLayers(ae.decoder);
    if (encoderWeightedLayers < 3) failures.push(`l'encodeur doit contenir au moins 3 couches à poids, il en a ${encoderWeightedLayers}`);
    if (decoderWeightedLayers < 3) failures.push(`le décodeur doit contenir au moins 3 couches à poids, il en a ${decoderWeightedLayers}`);
    let narrowestLayer = { name: '', units: Infinity };
    for (const layer of [...ae.encoder.layers, ...ae.decoder.layers]) {
      const units = outputUnits(layer);
      if (units < narrowestLayer.units) narrowestLayer = { name: layer.name, units };
      if (units < codeSize) failures.push(`la couche ${layer.name} est plus étroite que le goulot d'étranglement (${units} unités < ${codeSize})`);
    }
    const report: AutoencoderCheckReport = {
      codeSize,
      imageShape: shape,
      encoderOutputShape,
      decoderOutputShape,
      encoderWeightedLayers,
      decoderWeightedLayers,
      narrowestLayer,
      passed: failures.length === 0,
      failures,
    };
    if (!report.passed && options.throws !== false) {
      throw new Error(
        `checkAutoencoder : la vérification échoue pour codeSize ${codeSize} et imageShape [${shape}] : ${failures.join(' ; ')}. ` +
          'Corrigez la fonction de construction (ou prenez des images plus grandes pour les grands codes).',
      );
    }
    return report;
  } finally {
    disposeAutoencoder(ae);
  }
}
