/**
 * Arithmetic in the latent space: an attribute direction (mean code of the faces that have an attribute
 * minus mean code of the others) and the decoded faces obtained by moving a code along it.
 */
import type pl from 'nodejs-polars';
import { tf } from './tf';
import type { Autoencoder } from './models/autoencoder';
import { requireAttributeColumns } from './data/attributes';

/**
 * Whether each row has the attribute `column` (value > 0: the official scores are positive when the
 * attribute is present, the binarized copy holds ±1), as plain booleans. With `rows`, returns
 * `rows.map(i => value[i] > 0)` (e.g. `rows = data.trainIndices` to align with the training images).
 * Introduced in 30-pour-aller-plus-loin-arithmetique-latente.
 * @example const smiling = attributeMask(data.attributes, 'Smiling', data.trainIndices);
 */
export function attributeMask(attributes: pl.DataFrame, column: string, rows?: readonly number[]): boolean[] {
  requireAttributeColumns(attributes, [column]);
  const values = attributes.getColumn(column).toArray() as (number | null)[];
  const present = values.map((v) => typeof v === 'number' && v > 0);
  if (rows === undefined) return present;
  return rows.map((row, j) => {
    if (!Number.isInteger(row) || row < 0 || row >= present.length) {
      throw new Error(
        `attributeMask: rows[${j}] = ${row} is not a row of the attribute table (0 to ${present.length - 1}); ` +
          'pass indices from the same load, e.g. data.trainIndices.',
      );
    }
    return present[row];
  });
}

/**
 * Attribute direction in code space: mean of the `codes` rows where `present` is true minus mean of the
 * others; codes [n, d], present length n with both groups non-empty. Returns a [d] tensor the caller
 * disposes; `codes` stays the caller's. Introduced in 30-pour-aller-plus-loin-arithmetique-latente.
 */
export function attributeDirection(codes: tf.Tensor, present: readonly boolean[]): tf.Tensor1D {
  if (!(codes instanceof tf.Tensor) || codes.rank !== 2) {
    throw new Error(
      `attributeDirection: codes must be a [n, d] tensor of latent codes, got ${codes instanceof tf.Tensor ? `shape [${codes.shape.join(', ')}]` : typeof codes}; ` +
        'encode the images first (ae.encoder.predict(images)).',
    );
  }
  const n = codes.shape[0];
  if (present.length !== n) {
    throw new Error(
      `attributeDirection: ${present.length} flags for ${n} codes; give one flag per code, in the same order ` +
        '(e.g. attributeMask(attributes, column, data.trainIndices) for the training codes).',
    );
  }
  const positives = present.filter(Boolean).length;
  if (positives === 0 || positives === n) {
    throw new Error(
      `attributeDirection: ${positives === 0 ? 'no' : 'every'} code has the attribute (${positives} of ${n}); ` +
        'both groups are needed for a direction: use more images or another attribute.',
    );
  }
  return tf.tidy(() => {
    const flags = tf.tensor2d(present.map((p) => (p ? 1 : 0)), [1, n], 'float32');
    const matrix = codes.toFloat() as tf.Tensor2D;
    // [1, n] × [n, d]: sums of the codes of each group, in one matrix product per group.
    const withMean = flags.matMul(matrix).div(positives);
    const withoutMean = tf.scalar(1).sub(flags).matMul(matrix).div(n - positives);
    return withMean.sub(withoutMean).reshape([-1]) as tf.Tensor1D;
  });
}

/**
 * Codes moved along a direction: row i = code + amounts[i]·direction, for one code [d] or [1, d] and a
 * direction [d]. Returns [amounts.length, d]; the caller disposes it.
 */
export function moveAlongDirection(code: tf.Tensor, direction: tf.Tensor, amounts: readonly number[]): tf.Tensor2D {
  const d = direction.size;
  if (direction.rank !== 1 && !(direction.rank === 2 && direction.shape[0] === 1)) {
    throw new Error(`moveAlongDirection: direction must have shape [d], got [${direction.shape.join(', ')}].`);
  }
  if (code.size !== d || !(code.rank === 1 || (code.rank === 2 && code.shape[0] === 1))) {
    throw new Error(
      `moveAlongDirection: code must be one code of shape [${d}] or [1, ${d}] (like the direction), ` +
        `got [${code.shape.join(', ')}]; take one row of the encoder output.`,
    );
  }
  if (amounts.length === 0 || amounts.some((k) => !Number.isFinite(k))) {
    throw new Error(`moveAlongDirection: amounts must be a non-empty list of finite numbers, e.g. [-1, 0, 1, 2].`);
  }
  return tf.tidy(() => {
    const k = tf.tensor2d([...amounts], [amounts.length, 1], 'float32');
    return code.toFloat().reshape([1, d]).add(k.mul(direction.toFloat().reshape([1, d]))) as tf.Tensor2D;
  });
}

/**
 * Encodes `image` ([h, w, c] or [1, h, w, c]), moves its code along `direction` by each of `amounts`
 * (see moveAlongDirection) and decodes: [amounts.length, h, w, c], raw decoder output (not clipped).
 * The caller disposes the result. Introduced in 30-pour-aller-plus-loin-arithmetique-latente.
 * @example const strip = decodeAlongDirection(ae, data.test.slice([i], [1]), direction, [-1, 0, 1, 2]);
 */
export function decodeAlongDirection(
  ae: Pick<Autoencoder, 'encoder' | 'decoder' | 'imageShape' | 'codeSize'>,
  image: tf.Tensor,
  direction: tf.Tensor,
  amounts: readonly number[],
): tf.Tensor4D {
  const dims = image.rank === 4 && image.shape[0] === 1 ? image.shape.slice(1) : image.shape;
  if (dims.length !== 3 || dims.some((v, i) => v !== ae.imageShape[i])) {
    throw new Error(
      `decodeAlongDirection: image must be one image of shape [${ae.imageShape.join(', ')}] or [1, ${ae.imageShape.join(', ')}], ` +
        `got [${image.shape.join(', ')}]; take one image with images.slice([i], [1]).`,
    );
  }
  if (direction.size !== ae.codeSize) {
    throw new Error(
      `decodeAlongDirection: the direction has ${direction.size} values but the encoder makes codes of ${ae.codeSize}; ` +
        'compute the direction from codes of this same encoder.',
    );
  }
  return tf.tidy(() => {
    const code = ae.encoder.predict(image.reshape([1, ...ae.imageShape])) as tf.Tensor2D;
    return ae.decoder.predict(moveAlongDirection(code, direction, amounts)) as tf.Tensor4D;
  });
}
