/**
 * Figure builder: reconstruction error against code size (the code-size sweep), log-scaled x axis.
 */
import { formatFixed, lineChartLayout } from './panels';
import type { Figure, PlotlyTrace } from './types';

/** One trained code size and its reconstruction error (test MSE). */
export interface CodeSizeResult {
  codeSize: number;
  mse: number;
}

/** Options of {@link codeSizeFigure}. */
export interface CodeSizeOptions {
  /** Figure title (default « Erreur de reconstruction selon la taille du code »). */
  title?: string;
  /** A horizontal reference line, e.g. the PCA autoencoder's MSE: `{ mse: 0.0066, label: 'ACP (code 32)' }`. */
  reference?: { mse: number; label: string };
  /** Figure size in pixels (default 640 × 400). */
  width?: number;
  height?: number;
}

/**
 * Plotly figure of the MSE against the code size (x on a log scale, one tick per size tried), points sorted
 * by code size and labelled with their MSE. Pure. Introduced in 18-entrainement-avec-differentes-tailles-de-code.
 */
export function codeSizeFigure(results: CodeSizeResult[], options: CodeSizeOptions = {}): Figure {
  if (!Array.isArray(results) || results.length === 0) {
    throw new Error('codeSizeFigure : results est vide ; passez [{ codeSize, mse }, …] pour les tailles de code entraînées.');
  }
  for (const result of results) {
    if (!Number.isFinite(result.codeSize) || result.codeSize < 1 || !Number.isFinite(result.mse)) {
      throw new Error(
        `codeSizeFigure : chaque résultat doit avoir un codeSize ≥ 1 et une mse finie, reçu ${JSON.stringify(result)} ; corrigez cette entrée.`,
      );
    }
  }
  const sorted = [...results].sort((a, b) => a.codeSize - b.codeSize);
  const sizes = sorted.map((r) => r.codeSize);
  const data: PlotlyTrace[] = [
    {
      type: 'scatter',
      mode: 'lines+markers+text',
      name: 'Autoencodeur',
      x: sizes,
      y: sorted.map((r) => r.mse),
      text: sorted.map((r) => formatFixed(r.mse, 4)),
      textposition: 'top center',
      line: { color: '#1f77b4' },
      hovertemplate: 'code de taille %{x} : MSE %{y:.5f}<extra></extra>',
    },
  ];
  if (options.reference) {
    const { mse, label } = options.reference;
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: label,
      x: [sizes[0], sizes[sizes.length - 1]],
      y: [mse, mse],
      line: { color: '#7f7f7f', dash: 'dot' },
      hovertemplate: `${label} : MSE %{y:.5f}<extra></extra>`,
    });
  }
  return {
    data,
    layout: {
      ...lineChartLayout({
        title: options.title ?? 'Erreur de reconstruction selon la taille du code',
        width: options.width,
        height: options.height,
        showLegend: Boolean(options.reference),
      }),
      xaxis: {
        title: { text: 'Taille du code (échelle logarithmique)' },
        type: 'log',
        tickvals: sizes,
        ticktext: sizes.map(String),
      },
      yaxis: { title: { text: 'MSE (jeu de test)' }, rangemode: 'tozero', exponentformat: 'none' },
    },
  };
}
