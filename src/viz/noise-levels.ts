/**
 * Figure builder: the same images at several Gaussian noise levels (one column per sigma).
 */
import { formatDecimal, imagePanel, panelGrid, type Panel } from './panels';
import type { Figure, PlainImage } from './types';

/** One noise level: its sigma and the images at that level (same examples, same order, for every level). */
export interface NoiseLevel {
  sigma: number;
  images: PlainImage[];
}

/** Options of {@link noiseLevelsFigure}. */
export interface NoiseLevelsOptions {
  /** Figure title (default « Effet du bruit gaussien selon σ »). */
  title?: string;
  /** Size of one image cell in pixels (default 120). */
  cellSize?: number;
}

/**
 * Plotly figure with one column per noise level (titled « σ = 0,1 ») and one row per example image.
 * Pure. Introduced in 15-introduction-au-bruit-gaussien.
 */
export function noiseLevelsFigure(levels: NoiseLevel[], options: NoiseLevelsOptions = {}): Figure {
  if (!Array.isArray(levels) || levels.length === 0) {
    throw new Error('noiseLevelsFigure : levels est vide ; passez [{ sigma, images }, …] avec au moins un niveau.');
  }
  const examples = levels[0].images.length;
  if (examples === 0 || levels.some((level) => level.images.length !== examples)) {
    throw new Error(
      `noiseLevelsFigure : chaque niveau doit contenir le même nombre d'images, non nul (reçu ${levels
        .map((level) => level.images.length)
        .join(', ')}) ; donnez les mêmes images à chaque niveau.`,
    );
  }
  for (const level of levels) {
    if (!Number.isFinite(level.sigma) || level.sigma < 0) {
      throw new Error(`noiseLevelsFigure : sigma doit être un nombre fini ≥ 0, reçu ${level.sigma} ; passez par exemple 0.1.`);
    }
  }
  const panels: Panel[] = [];
  for (let row = 0; row < examples; row++) {
    levels.forEach((level, column) => {
      const title = row === 0 ? `σ = ${formatDecimal(level.sigma)}` : undefined;
      panels.push(imagePanel(level.images[row], title, `levels[${column}].images[${row}]`));
    });
  }
  return panelGrid(panels, {
    columns: levels.length,
    title: options.title ?? 'Effet du bruit gaussien selon σ',
    cellWidth: options.cellSize,
    cellHeight: options.cellSize,
    titleHeight: 22,
  });
}
