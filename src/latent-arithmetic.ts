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
        `attributeMask : rows[${j}] = ${row} n'est pas une ligne de la table des attributs (0 à ${present.length - 1}) ; ` +
          'passez des indices du même chargement, par exemple data.trainIndices.',
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
      `attributeDirection : codes doit être un tenseur [n, d] de codes latents, reçu ${codes instanceof tf.Tensor ? `la forme [${codes.shape.join(', ')}]` : typeof codes} ; ` +
        "encodez d'abord les images (ae.encoder.predict(images)).",
    );
  }
  const n = codes.shape[0];
  if (present.length !== n) {
    throw new Error(
      `attributeDirection : ${present.length} indicateurs pour ${n} codes ; donnez un indicateur par code, dans le même ordre ` +
        "(par exemple attributeMask(attributes, column, data.trainIndices) pour les codes du jeu d'entraînement).",
    );
  }
  const positives = present.filter(Boolean).length;
  if (positives === 0 || positives === n) {
    throw new Error(
      `attributeDirection : ${positives === 0 ? "aucun code n'a" : 'tous les codes ont'} l'attribut (${positives} sur ${n}) ; ` +
        "il faut les deux groupes pour calculer une direction : prenez plus d'images ou un autre attribut.",
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
    throw new Error(`moveAlongDirection : direction doit avoir la forme [d], reçu [${direction.shape.join(', ')}] ; passez le résultat de attributeDirection.`);
  }
  if (code.size !== d || !(code.rank === 1 || (code.rank === 2 && code.shape[0] === 1))) {
    throw new Error(
      `moveAlongDirection : code doit être un seul code de forme [${d}] ou [1, ${d}] (comme la direction), ` +
        `reçu [${code.shape.join(', ')}] ; prenez une ligne de la sortie de l'encodeur.`,
    );
  }
  if (amounts.length === 0 || amounts.some((k) => !Number.isFinite(k))) {
    throw new Error(`moveAlongDirection : amounts doit être une liste non vide de nombres finis, par exemple [-1, 0, 1, 2].`);
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
      `decodeAlongDirection : image doit être une seule image de forme [${ae.imageShape.join(', ')}] ou [1, ${ae.imageShape.join(', ')}], ` +
        `reçu [${image.shape.join(', ')}] ; prenez une image avec images.slice([i], [1]).`,
    );
  }
  if (direction.size !== ae.codeSize) {
    throw new Error(
      `decodeAlongDirection : la direction a ${direction.size} valeurs mais l'encodeur produit des codes de ${ae.codeSize} ; ` +
        'calculez la direction à partir des codes de ce même encodeur.',
    );
  }
  return tf.tidy(() => {
    const code = ae.encoder.predict(image.reshape([1, ...ae.imageShape])) as tf.Tensor2D;
    return ae.decoder.predict(moveAlongDirection(code, direction, amounts)) as tf.Tensor4D;
  });
}
