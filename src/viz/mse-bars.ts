/**
 * Figure builder: a horizontal bar per model or baseline and its test MSE, for summaries that compare
 * several numbers at once.
 */
import { formatFixed } from './panels';
import type { Figure } from './types';

/** One bar of {@link mseBarsFigure}. */
export interface MseBar {
  label: string;
  mse: number;
}

/** Options of {@link mseBarsFigure}. */
export interface MseBarsOptions {
  /** Figure title (default « Erreur de reconstruction sur le jeu de test »). */
  title?: string;
  /** Figure width in pixels (default 640); the height grows with the number of bars. */
  width?: number;
}

/**
 * Plotly horizontal bar chart of the MSE of each entry, in the given order from top to bottom, each bar
 * labelled with its MSE in French notation. Pure. Introduced in 14-evaluation-de-la-performance.
 */
export function mseBarsFigure(bars: MseBar[], options: MseBarsOptions = {}): Figure {
  if (bars.length === 0) {
    throw new Error('mseBarsFigure : aucune barre à tracer ; passez [{ label, mse }, …].');
  }
  for (const bar of bars) {
    if (!Number.isFinite(bar.mse) || bar.mse < 0) {
      throw new Error(`mseBarsFigure : « ${bar.label} » demande une MSE finie ≥ 0, reçu ${bar.mse} ; corrigez cette valeur.`);
    }
  }
  return {
    data: [
      {
        type: 'bar',
        orientation: 'h',
        x: bars.map((b) => b.mse),
        y: bars.map((b) => b.label),
        text: bars.map((b) => formatFixed(b.mse, 4)),
        textposition: 'outside',
        cliponaxis: false,
        marker: { color: '#1f77b4' },
        hovertemplate: '%{y} : MSE %{x:.5f}<extra></extra>',
      },
    ],
    layout: {
      title: { text: options.title ?? 'Erreur de reconstruction sur le jeu de test', x: 0.5, xanchor: 'center' },
      width: options.width ?? 640,
      height: 120 + 40 * bars.length,
      margin: { l: 200, r: 70, t: 50, b: 50 },
      separators: ', ',
      showlegend: false,
      xaxis: { title: { text: 'MSE (jeu de test)' }, rangemode: 'tozero', exponentformat: 'none' },
      yaxis: { autorange: 'reversed', automargin: true },
    },
  };
}
