/**
 * Figure builder: a grid of images (e.g. a sample of faces), with optional titles.
 */
import { imagePanel, panelGrid } from './panels';
import type { Figure, PlainImage } from './types';

/** Options of {@link imageGridFigure}. */
export interface ImageGridOptions {
  /** One title per image (shown above it). */
  titles?: string[];
  /** Images per row (default: min(n, 8)). */
  columns?: number;
  /** Figure title (default « Exemples d'images »). */
  title?: string;
  /** Size of one image cell in pixels (default 120). */
  cellSize?: number;
}

/**
 * Plotly figure of `images` (plain `[h][w][3]` arrays in [0, 1], e.g. from tensorToImages) on a grid,
 * one `image` trace per image, without ticks. Pure. Introduced in 05-decodage-d-images.
 */
export function imageGridFigure(images: PlainImage[], options: ImageGridOptions = {}): Figure {
  if (!Array.isArray(images) || images.length === 0) {
    throw new Error('imageGridFigure : images est vide ; passez au moins une image (tableaux [h][w][3], voir tensorToImages).');
  }
  if (options.titles && options.titles.length !== images.length) {
    throw new Error(
      `imageGridFigure : ${options.titles.length} titres pour ${images.length} images ; donnez un titre par image.`,
    );
  }
  const panels = images.map((image, i) => imagePanel(image, options.titles?.[i], `images[${i}]`));
  return panelGrid(panels, {
    columns: options.columns ?? Math.min(images.length, 8),
    title: options.title ?? "Exemples d'images",
    cellWidth: options.cellSize,
    cellHeight: options.cellSize,
  });
}
