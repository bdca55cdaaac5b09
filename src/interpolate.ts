/**
 * Straight-line paths between two latent codes, and the decoded "morph" between two images.
 */
import { tf } from './tf';
import type { Autoencoder } from './models/autoencoder';

type Code = tf.Tensor | number[];

/**
 * Linear interpolation from `codeA` to `codeB` ([d] or [1, d] each) in `steps` ≥ 2 rows: a tensor [steps, d]
 * whose first row is exactly codeA and last row exactly codeB (row i = A·(1 − t) + B·t, t = i / (steps − 1)).
 * The caller disposes the result; the inputs stay the caller's.
 */
export function interpolateCodes(codeA: Code, codeB: Code, steps: number): tf.Tensor2D {
  checkSteps(steps, 'interpolateCodes');
  const sizeA = codeLength(codeA, 'codeA');
  const sizeB = codeLength(codeB, 'codeB');
  if (sizeA !== sizeB) {
    throw new Error(
      `interpolateCodes : codeA a ${sizeA} valeurs mais codeB en a ${sizeB} ; ` +
        'les deux codes doivent venir du même encodeur (même codeSize).',
    );
  }
  return tf.tidy(() => {
    const a = toRow(codeA, sizeA);
    const b = toRow(codeB, sizeB);
    // Built in JS (tf.linspace accumulates steps and can miss 1 by an ulp).
    const t = tf.tensor2d(Array.from({ length: steps }, (_, i) => i / (steps - 1)), [steps, 1]);
    // t is exactly 0 and 1 at the ends, so the end rows are exactly A and B.
    return a.mul(tf.scalar(1).sub(t)).add(b.mul(t)) as tf.Tensor2D;
  });
}

/**
 * Morph between two images: encodes `imageA` and `imageB` ([h, w, c] or [1, h, w, c]), interpolates their codes
 * in `steps` ≥ 2 steps ({@link interpolateCodes}) and decodes them: a tensor [steps, h, w, c], first and last
 * rows being the decoded codes of A and B (raw decoder output, not clipped). The caller disposes the result.
 * Introduced in 29-interpolation-entre-deux-images.
 * @example
 * const strip = morphImages(ae, test.slice([0], [1]), test.slice([1], [1]), 8);
 */
export function morphImages(
  ae: Pick<Autoencoder, 'encoder' | 'decoder' | 'imageShape'>,
  imageA: tf.Tensor,
  imageB: tf.Tensor,
  steps: number,
): tf.Tensor4D {
  checkSteps(steps, 'morphImages');
  checkImage(ae, imageA, 'imageA');
  checkImage(ae, imageB, 'imageB');
  return tf.tidy(() => {
    const pair = tf.concat([asBatch(imageA), asBatch(imageB)], 0);
    const codes = ae.encoder.predict(pair) as tf.Tensor2D; // [2, d]
    const [codeA, codeB] = tf.split(codes, 2, 0);
    const path = interpolateCodes(codeA, codeB, steps);
    return ae.decoder.predict(path) as tf.Tensor4D;
  });
}

function checkSteps(steps: number, caller: string): void {
  if (!Number.isInteger(steps) || steps < 2) {
    throw new Error(
      `${caller} : steps doit être un entier ≥ 2 (les deux extrémités sont comprises), reçu ${steps} ; passez par exemple 8.`,
    );
  }
}

function codeLength(code: Code, name: string): number {
  const shape = code instanceof tf.Tensor ? code.shape : Array.isArray(code) ? [code.length] : null;
  const ok = shape !== null && (shape.length === 1 || (shape.length === 2 && shape[0] === 1)) && shape[shape.length - 1] > 0;
  if (!ok) {
    throw new Error(
      `interpolateCodes : ${name} doit être un seul code de forme [d] ou [1, d], reçu ${shape ? `[${shape.join(', ')}]` : typeof code} ; ` +
        "prenez une ligne de la sortie de l'encodeur, par exemple codes.slice([i, 0], [1, -1]).",
    );
  }
  return shape[shape.length - 1];
}

function toRow(code: Code, size: number): tf.Tensor2D {
  const t = code instanceof tf.Tensor ? code.toFloat() : tf.tensor1d(code, 'float32');
  return t.reshape([1, size]);
}

function checkImage(ae: Pick<Autoencoder, 'imageShape'>, image: tf.Tensor, name: string): void {
  const expected = ae.imageShape;
  const shape = image instanceof tf.Tensor ? image.shape : null;
  const dims = shape === null ? null : shape.length === 4 && shape[0] === 1 ? shape.slice(1) : shape;
  if (dims === null || dims.length !== 3 || dims.some((d, i) => d !== expected[i])) {
    throw new Error(
      `morphImages : ${name} doit être un seul tenseur d'image de forme [${expected.join(', ')}] ou [1, ${expected.join(', ')}], ` +
        `reçu ${shape ? `[${shape.join(', ')}]` : typeof image} ; prenez une image avec images.slice([i], [1]).`,
    );
  }
}

function asBatch(image: tf.Tensor): tf.Tensor4D {
  return (image.rank === 4 ? image : image.expandDims(0)) as tf.Tensor4D;
}
