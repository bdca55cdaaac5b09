/**
 * Figure builder: an interpolation strip between two decoded codes (from morphImages).
 */
import { formatDecimal, imagePanel, panelGrid } from './panels';
import type { Figure, PlainImage } from './types';

/** Options of {@link interpolationFigure}. */
export interface InterpolationOptions {
  /** One title per image (default « A », « t = 0,25 », …, « B »). */
  labels?: string[];
  /** Images per row (default: all on one row, at most 10). */
  columns?: number;
  /** Figure title (default « Interpolation dans l'espace latent »). */
  title?: string;
}

/**
 * Plotly figure of the morph `strip` (plain images, first = decoded A, last = decoded B) on one row,
 * each titled with its interpolation weight t. Pure. Introduced in 29-interpolation-entre-deux-images.
 */
export function interpolationFigure(strip: PlainImage[], options: InterpolationOptions = {}): Figure {
  if (!Array.isArray(strip) || strip.length < 2) {
    throw new Error('interpolationFigure : strip demande au moins 2 images (les deux extrémités) ; passez le résultat de morphImages.');
  }
  if (options.labels && options.labels.length !== strip.length) {
    throw new Error(`interpolationFigure : ${options.labels.length} libellés pour ${strip.length} images ; donnez-en un par image.`);
  }
  const last = strip.length - 1;
  const labels =
    options.labels ??
    strip.map((_, i) => (i === 0 ? 'A (t = 0)' : i === last ? 'B (t = 1)' : `t = ${formatDecimal(i / last, 2)}`));
  const panels = strip.map((image, i) => imagePanel(image, labels[i], `strip[${i}]`));
  return panelGrid(panels, {
    columns: options.columns ?? Math.min(strip.length, 10),
    title: options.title ?? "Interpolation dans l'espace latent",
    cellWidth: 100,
    cellHeight: 100,
  });
}
