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
    throw new Error('tensorToImages: expected a tf.Tensor of images [n, h, w, c]; for plain arrays, use them directly.');
  }
  const channels = images.shape[images.rank - 1];
  if ((images.rank !== 3 && images.rank !== 4) || (channels !== 1 && channels !== 3)) {
    throw new Error(
      `tensorToImages: expected images [n, h, w, 3] or one image [h, w, 3] (1 channel also works), got shape ` +
        `[${images.shape.join(', ')}]; reshape the tensor first (e.g. decoder output reshape([n, 32, 32, 3])).`,
    );
  }
  const batch = images.rank === 3 ? [images.arraySync() as PlainImage] : (images.arraySync() as PlainImage[]);
  return batch;
}
