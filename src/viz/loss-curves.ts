/**
 * Figure builder: training and validation loss per epoch (from a training history).
 */
import { lineChartLayout } from './panels';
import type { Figure, PlotlyTrace } from './types';

/** One epoch of a training history (the columns of trainAutoencoder's history; other columns are ignored). */
export interface LossHistoryRow {
  epoch: number;
  loss: number;
  val_loss?: number | null;
}

/** Columns of a training history as plain arrays. */
export interface LossHistoryColumns {
  epoch: number[];
  loss: number[];
  val_loss?: (number | null)[];
}

/** Anything with polars' `toRecords()` (a nodejs-polars DataFrame), without importing polars here. */
export interface DataFrameLike {
  toRecords(): Record<string, unknown>[];
}

/** A training history: rows, columns, or a DataFrame (its records are read). */
export type LossHistoryInput = LossHistoryRow[] | LossHistoryColumns | DataFrameLike;

/** Options of {@link lossCurvesFigure}. */
export interface LossCurvesOptions {
  /** Figure title (default « Courbes d'apprentissage »). */
  title?: string;
  /** Logarithmic loss axis (default false). */
  logY?: boolean;
  /** Figure size in pixels (default 640 × 400). */
  width?: number;
  height?: number;
}

/**
 * Plotly figure with the training loss (« Entraînement ») and, when present, the validation loss
 * (« Validation ») against the epoch. Accepts rows `{epoch, loss, val_loss}`, columns of plain arrays,
 * or a polars DataFrame (read through `toRecords()`). Pure. Introduced in 11-entrainement-de-l-autoencodeur.
 */
export function lossCurvesFigure(history: LossHistoryInput, options: LossCurvesOptions = {}): Figure {
  const rows = historyRows(history);
  if (rows.length === 0) {
    throw new Error('lossCurvesFigure : l\'historique est vide ; entraînez d\'abord le modèle au moins une époque.');
  }
  const epochs = rows.map((row) => row.epoch);
  const data: PlotlyTrace[] = [
    {
      type: 'scatter',
      mode: 'lines+markers',
      name: 'Entraînement',
      x: epochs,
      y: rows.map((row) => row.loss),
      line: { color: '#1f77b4' },
      hovertemplate: 'époque %{x} : %{y:.5f}<extra>entraînement</extra>',
    },
  ];
  if (rows.some((row) => row.val_loss !== null)) {
    data.push({
      type: 'scatter',
      mode: 'lines+markers',
      name: 'Validation',
      x: epochs,
      y: rows.map((row) => row.val_loss),
      line: { color: '#ff7f0e', dash: 'dash' },
      hovertemplate: 'époque %{x} : %{y:.5f}<extra>validation</extra>',
    });
  }
  return {
    data,
    layout: {
      ...lineChartLayout({ title: options.title ?? "Courbes d'apprentissage", width: options.width, height: options.height, showLegend: true }),
      xaxis: { title: { text: 'Époque' }, ...(epochs.length <= 30 ? { dtick: 1 } : {}) },
      yaxis: { title: { text: 'Perte (MSE)' }, type: options.logY ? 'log' : 'linear', exponentformat: 'none' },
    },
  };
}

interface NormalisedRow {
  epoch: number;
  loss: number;
  val_loss: number | null;
}

function historyRows(history: LossHistoryInput): NormalisedRow[] {
  let records: Record<string, unknown>[];
  if (Array.isArray(history)) {
    records = history as unknown as Record<string, unknown>[];
  } else if (history && typeof (history as DataFrameLike).toRecords === 'function') {
    records = (history as DataFrameLike).toRecords();
  } else if (history && Array.isArray((history as LossHistoryColumns).epoch) && Array.isArray((history as LossHistoryColumns).loss)) {
    const columns = history as LossHistoryColumns;
    if (columns.loss.length !== columns.epoch.length || (columns.val_loss && columns.val_loss.length !== columns.epoch.length)) {
      throw new Error('lossCurvesFigure : les colonnes epoch, loss et val_loss doivent avoir la même longueur ; passez l\'historique renvoyé par trainAutoencoder.');
    }
    records = columns.epoch.map((epoch, i) => ({ epoch, loss: columns.loss[i], val_loss: columns.val_loss?.[i] ?? null }));
  } else {
    throw new Error(
      'lossCurvesFigure : history doit être des lignes [{epoch, loss, val_loss}], des colonnes {epoch: [], loss: [], val_loss: []} ' +
        'ou un DataFrame polars avec ces colonnes (l\'historique renvoyé par trainAutoencoder).',
    );
  }
  return records.map((record, i) => {
    const epoch = toNumber(record.epoch);
    const loss = toNumber(record.loss);
    if (epoch === null || loss === null) {
      throw new Error(`lossCurvesFigure : la ligne ${i} n'a pas d'epoch ou de loss numérique (reçu ${JSON.stringify(record, bigintSafe)}) ; corrigez-la ou retirez-la.`);
    }
    return { epoch, loss, val_loss: toNumber(record.val_loss) };
  });
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  return null;
}

function bigintSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}
