/**
 * Floating-point work per training image of the two course models, counted from their layer shapes
 * (2 FLOP per multiply-add; backward = input gradient + weight gradient, no input gradient for the first layer).
 */

/** One layer's multiply-adds in the forward pass and whether its input gradient is computed. */
interface LayerWork {
  macs: number;
  needsInputGradient: boolean;
}

function convLayers(): LayerWork[] {
  const layers: LayerWork[] = [];
  let size = 32;
  let channels = 3;
  [32, 64, 128, 256].forEach((filters, i) => {
    layers.push({ macs: size * size * 9 * channels * filters, needsInputGradient: i > 0 });
    channels = filters;
    size /= 2;
  });
  layers.push({ macs: size * size * channels * 32, needsInputGradient: true }); // Dense(code 32)
  layers.push({ macs: 32 * size * size * channels, needsInputGradient: true }); // Dense(2·2·256)
  for (const filters of [128, 64, 32, 3]) {
    layers.push({ macs: size * size * 9 * channels * filters, needsInputGradient: true }); // stride-2 transposed conv
    channels = filters;
    size *= 2;
  }
  return layers;
}

function pcaLayers(): LayerWork[] {
  const pixels = 32 * 32 * 3;
  return [{ macs: pixels * 32, needsInputGradient: false }, { macs: 32 * pixels, needsInputGradient: true }];
}

/** FLOP per training image (forward + backward) of the 'pca' or 'conv' model on 32×32×3 images. */
export function trainingFlopsPerImage(model: 'pca' | 'conv'): number {
  const layers = model === 'conv' ? convLayers() : pcaLayers();
  return layers.reduce((sum, l) => sum + 2 * l.macs * (l.needsInputGradient ? 3 : 2), 0);
}
