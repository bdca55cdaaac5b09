/**
 * Converter from image tensors to the plain nested arrays the figure builders take.
 */
import { tf } from '../tf';
import type { PlainImage } from './types';

/**
 * Converts images [n, h, w, c] (or one image [h, w, c]) to plain arrays `[n][h][w][c]`, values kept as they
 * are (the builders clip to [0, 1]). The tensor stays the caller's; no tensor is left behind.
 * Introduced in 05-decodage-d-images.
 */
export function tensorToImages(images: tf.Tensor): PlainImage[] {
  if (!(images instanceof tf.Tensor)) {
    throw new Error('tensorToImages : un tf.Tensor d\'images [n, h, w, c] est attendu ; des tableaux ordinaires s\'emploient directement.');
  }
  const channels = images.shape[images.rank - 1];
  if ((images.rank !== 3 && images.rank !== 4) || (channels !== 1 && channels !== 3)) {
    throw new Error(
      `tensorToImages : des images [n, h, w, 3] ou une image [h, w, 3] sont attendues (1 canal convient aussi), reçu la forme ` +
        `[${images.shape.join(', ')}] ; remettez d'abord le tenseur en forme (par exemple la sortie du décodeur avec reshape([n, 32, 32, 3])).`,
    );
  }
  const batch = images.rank === 3 ? [images.arraySync() as PlainImage] : (images.arraySync() as PlainImage[]);
  return batch;
}
