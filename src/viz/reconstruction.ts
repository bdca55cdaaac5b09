/**
 * Figure builder: original image | its latent code | the reconstruction, one row per example.
 */
import { formatFixed, imagePanel, panelGrid, type Panel } from './panels';
import type { Figure, PlainImage } from './types';

/** Options of {@link reconstructionFigure}. */
export interface ReconstructionOptions {
  /** How the code is drawn: 'bar' (one bar per value), 'heatmap' (values on a near-square grid) or 'auto' (bar up to 64 values). */
  codeStyle?: 'bar' | 'heatmap' | 'auto';
  /** Reconstruction error of each example, shown in the reconstruction's title. */
  mse?: number | number[];
  /** Figure title (default « Image originale, code latent et reconstruction »). */
  title?: string;
}

/**
 * Plotly figure with, per row, the original image, its code (bar chart or heatmap) and the reconstruction.
 * Takes one example (`original` [h][w][3], `code` number[], `reconstruction` [h][w][3]) or arrays of them
 * (one row each). Pure. Introduced in 12-visualisation-de-la-reconstruction.
 */
export function reconstructionFigure(
  original: PlainImage | PlainImage[],
  code: number[] | number[][],
  reconstruction: PlainImage | PlainImage[],
  options: ReconstructionOptions = {},
): Figure {
  const originals = isImageList(original) ? original : [original];
  const reconstructions = isImageList(reconstruction) ? reconstruction : [reconstruction];
  const codes = Array.isArray(code[0]) ? (code as number[][]) : [code as number[]];
  if (originals.length !== codes.length || originals.length !== reconstructions.length) {
    throw new Error(
      `reconstructionFigure : reçu ${originals.length} originaux, ${codes.length} codes et ${reconstructions.length} ` +
        'reconstructions ; donnez-en autant de chaque (une ligne par exemple).',
    );
  }
  const errors = options.mse === undefined ? undefined : Array.isArray(options.mse) ? options.mse : [options.mse];
  if (errors && errors.length !== originals.length) {
    throw new Error(`reconstructionFigure : ${errors.length} valeurs de MSE pour ${originals.length} exemples ; donnez-en une par exemple.`);
  }
  const panels: Panel[] = [];
  originals.forEach((image, i) => {
    const values = codes[i];
    if (values.length === 0 || values.some((v) => typeof v !== 'number')) {
      throw new Error(`reconstructionFigure : le code ${i} doit être un tableau non vide de nombres (une ligne de la sortie de l'encodeur).`);
    }
    const firstRow = i === 0;
    const lastRow = i === originals.length - 1;
    panels.push(imagePanel(image, firstRow ? 'Image originale' : undefined, `original[${i}]`));
    panels.push(codePanel(values, options.codeStyle ?? 'auto', firstRow, lastRow));
    const errorText = errors ? `MSE = ${formatFixed(errors[i], 4)}` : undefined;
    const title = firstRow ? ['Reconstruction', errorText].filter(Boolean).join(' · ') : errorText;
    panels.push(imagePanel(reconstructions[i], title, `reconstruction[${i}]`));
  });
  return panelGrid(panels, {
    columns: 3,
    title: options.title ?? 'Image originale, code latent et reconstruction',
    cellWidth: 150,
    cellHeight: 150,
    gap: 48,
    titleHeight: 22,
    marginBottom: 50,
  });
}

function isImageList(x: PlainImage | PlainImage[]): x is PlainImage[] {
  // An image is [h][w][c] numbers; a list of images has one more level of arrays.
  return Array.isArray(x) && Array.isArray(x[0]) && Array.isArray(x[0][0]) && Array.isArray((x as PlainImage[])[0][0][0]);
}

function codePanel(values: number[], style: 'bar' | 'heatmap' | 'auto', firstRow: boolean, lastRow: boolean): Panel {
  const chosen = style === 'auto' ? (values.length <= 64 ? 'bar' : 'heatmap') : style;
  const title = firstRow ? `Code latent (${values.length} valeurs)` : undefined;
  if (chosen === 'bar') {
    return {
      kind: 'plot',
      title,
      traces: [
        {
          type: 'bar',
          x: values.map((_, j) => j),
          y: values,
          marker: { color: values.map((v) => (v >= 0 ? '#1f77b4' : '#d62728')) },
          hovertemplate: 'composante %{x} : %{y:.3f}<extra></extra>',
        },
      ],
      xaxis: { showticklabels: lastRow, ...(lastRow ? { title: { text: 'Composante du code', standoff: 4 } } : {}) },
      yaxis: {},
    };
  }
  // Heatmap: values on a grid of `columns` per row, as square as possible.
  const columns = Math.ceil(Math.sqrt(values.length));
  const rows = Math.ceil(values.length / columns);
  const z: (number | null)[][] = Array.from({ length: rows }, (_, r) =>
    Array.from({ length: columns }, (_, c) => (r * columns + c < values.length ? values[r * columns + c] : null)),
  );
  const limit = Math.max(1e-12, ...values.map((v) => Math.abs(v)));
  return {
    kind: 'plot',
    title,
    traces: [
      {
        type: 'heatmap',
        z,
        zmin: -limit,
        zmax: limit,
        colorscale: 'RdBu',
        reversescale: true,
        showscale: false,
        hovertemplate: 'valeur : %{z:.3f}<extra></extra>',
      },
    ],
    xaxis: { showticklabels: false, ticks: '', showgrid: false },
    yaxis: { showticklabels: false, ticks: '', showgrid: false, autorange: 'reversed' },
  };
}
