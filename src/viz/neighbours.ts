/**
 * Figure builder: a query image and its nearest neighbours in code space, with their distances.
 */
import { formatFixed, imagePanel, panelGrid } from './panels';
import type { Figure, PlainImage } from './types';

/** Options of {@link neighboursFigure}. */
export interface NeighboursOptions {
  /** Images per row, query included (default: all on one row, at most 8). */
  columns?: number;
  /** Figure title (default « Image requête et ses k plus proches voisins »). */
  title?: string;
  /** Decimals of the distances (default 3). */
  digits?: number;
}

/**
 * Plotly figure: the query (« Requête ») then each neighbour titled with its rank and distance
 * (« n°1 · d = 1,234 »). `neighbours` and `distances` come from nearestNeighbours, nearest first. Pure.
 * Introduced in 28-recherche-d-images-par-plus-proches-voisins.
 */
export function neighboursFigure(
  query: PlainImage,
  neighbours: PlainImage[],
  distances: number[],
  options: NeighboursOptions = {},
): Figure {
  if (!Array.isArray(neighbours) || neighbours.length === 0) {
    throw new Error('neighboursFigure : neighbours est vide ; passez les k images voisines trouvées par la recherche.');
  }
  if (!Array.isArray(distances) || distances.length !== neighbours.length) {
    throw new Error(
      `neighboursFigure : ${distances?.length ?? 0} distances pour ${neighbours.length} voisins ; donnez une distance par voisin.`,
    );
  }
  const digits = options.digits ?? 3;
  const panels = [
    imagePanel(query, 'Requête', 'query'),
    ...neighbours.map((image, i) =>
      imagePanel(image, `n°${i + 1} · d = ${formatFixed(distances[i], digits)}`, `neighbours[${i}]`),
    ),
  ];
  return panelGrid(panels, {
    columns: options.columns ?? Math.min(panels.length, 8),
    title: options.title ?? `Image requête et ses ${neighbours.length} plus proches voisins`,
  });
}
