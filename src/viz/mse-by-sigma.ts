/**
 * Figure builder: test MSE against the noise level σ, one line per way of measuring it (noisy input,
 * reconstruction, theory…), so that crossovers between the lines can be read off the chart.
 */
import { formatDecimal, formatFixed, lineChartLayout } from './panels';
import type { Figure, PlotlyTrace } from './types';

/** One line of {@link mseBySigmaFigure}: its legend label and one MSE per σ (same order as `sigmas`). */
export interface MseSeries {
  name: string;
  mse: number[];
  /** Dotted line (e.g. for a theoretical curve); default false. */
  dotted?: boolean;
  /** Write each MSE next to its point; default true (turn off for a line that another one overlaps). */
  labels?: boolean;
}

/** Options of {@link mseBySigmaFigure}. */
export interface MseBySigmaOptions {
  /** Figure title (default « Erreur selon l'écart type du bruit »). */
  title?: string;
  /** Figure size in pixels (default 640 × 400). */
  width?: number;
  height?: number;
}

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#7f7f7f', '#9467bd'];
/** Share of the largest MSE left free under 0 and above the top point, for the point labels. */
const LABEL_ROOM = 0.1;

/** For each σ, the index of the series whose labelled value is the highest there (the first one on a tie). */
function highestLabelled(series: MseSeries[], sigmaCount: number): number[] {
  const labelled = series.flatMap((line, k) => (line.labels === false ? [] : [k]));
  return Array.from({ length: sigmaCount }, (_, j) =>
    labelled.reduce((best, k) => (series[k].mse[j] > series[best].mse[j] ? k : best), labelled[0] ?? -1),
  );
}
/**
 * Plotly line chart of the MSE (y) against σ (x, one tick per σ, padded so that labels stay inside), one
 * line per series, points labelled with their MSE in French notation (at each σ the highest above its point, the
 * others below). Pure. Introduced in 21-application-de-bruit-gaussien.
 */
export function mseBySigmaFigure(sigmas: number[], series: MseSeries[], options: MseBySigmaOptions = {}): Figure {
  if (sigmas.length === 0 || sigmas.some((s) => !Number.isFinite(s) || s < 0)) {
    throw new Error(`mseBySigmaFigure : sigmas doit être une liste non vide de σ ≥ 0, reçu [${sigmas.join(', ')}] ; passez par exemple [0, 0.1, 0.2].`);
  }
  if (series.length === 0) {
    throw new Error('mseBySigmaFigure : aucune série à tracer ; passez [{ name, mse: [une valeur par σ] }, …].');
  }
  for (const line of series) {
    if (line.mse.length !== sigmas.length || line.mse.some((v) => !Number.isFinite(v))) {
      throw new Error(
        `mseBySigmaFigure : la série « ${line.name} » a ${line.mse.length} valeurs pour ${sigmas.length} σ ; ` +
          'donnez une MSE finie par σ, dans le même ordre.',
      );
    }
  }
  const span = Math.max(...sigmas) - Math.min(...sigmas) || 1;
  const top = Math.max(...series.flatMap((line) => line.mse)) || 1;
  // At each σ the highest labelled value is written above its point, the others below, so that close lines' labels do not overlap.
  const highest = highestLabelled(series, sigmas.length);
  const data: PlotlyTrace[] = series.map((line, i) => {
    const labels =
      line.labels === false
        ? {}
        : {
            // An exact 0 (the clean input at σ = 0) needs no label; the others go above or below their point.
            text: line.mse.map((v) => (v === 0 ? '' : formatFixed(v, 4))),
            textposition: highest.map((k) => (k === i ? 'top center' : 'bottom center')),
          };
    return {
      type: 'scatter',
      mode: line.labels === false ? 'lines+markers' : 'lines+markers+text',
      name: line.name,
      x: sigmas,
      y: line.mse,
      ...labels,
      line: { color: COLOURS[i % COLOURS.length], dash: line.dotted ? 'dot' : 'solid' },
      hovertemplate: `${line.name}<br>σ = %{x} : MSE %{y:.5f}<extra></extra>`,
    };
  });
  return {
    data,
    layout: {
      ...lineChartLayout({
        title: options.title ?? "Erreur selon l'écart type du bruit",
        width: options.width,
        height: options.height,
        showLegend: true,
      }),
      legend: { x: 0, xanchor: 'left', y: 1 },
      xaxis: {
        title: { text: 'Écart type du bruit σ' },
        range: [Math.min(...sigmas) - 0.08 * span, Math.max(...sigmas) + 0.08 * span],
        tickvals: sigmas,
        ticktext: sigmas.map((s) => formatDecimal(s)),
      },
      // Room under 0 for the labels placed below the lowest points, so that they never sit on the axis.
      yaxis: { title: { text: 'MSE (jeu de test)' }, range: [-LABEL_ROOM * top, (1 + LABEL_ROOM) * top], exponentformat: 'none' },
    },
  };
}
