/**
 * Text the notebook runner prints: elapsed times, progress lines ("Partie N/total — cellule i/k — elapsed")
 * and the failure report (notebook, cell, source, error). The lines are in French, like the course.
 */
import { NotebookCellError } from './run-notebook';

/** Formats seconds as m:ss, or h:mm:ss from one hour on. */
export function formatElapsed(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** "Partie 12/30 — cellule 3/7 — 0:42 (total 12:03)". */
export function formatProgressLine(
  part: number,
  total: number,
  cellNumber: number,
  codeCells: number,
  notebookSeconds: number,
  totalSeconds: number,
): string {
  return `Partie ${part}/${total} — cellule ${cellNumber}/${codeCells} — ${formatElapsed(notebookSeconds)} (total ${formatElapsed(totalSeconds)})`;
}

/** Multi-line report of a failing cell: notebook, cell numbers, numbered source, ename: evalue and traceback. */
export function formatCellFailure(failure: NotebookCellError, failedCopy?: string): string {
  const { progress, error } = failure;
  const width = String(progress.source.split('\n').length).length;
  const source = progress.source
    .replace(/\n$/, '')
    .split('\n')
    .map((line, index) => `${String(index + 1).padStart(width)} | ${line}`);
  const status =
    failure.status === 'aborted'
      ? 'annulée par le noyau (aborted)'
      : failure.status === 'timeout'
        ? 'délai dépassé (timeout)'
        : failure.status === 'kernel-died'
          ? 'le noyau s’est arrêté'
          : 'erreur';
  const lines = [
    `ÉCHEC : ${failure.notebookPath}`,
    `  cellule de code ${progress.cellNumber}/${progress.codeCells} (cellule ${progress.cellIndex + 1} du carnet) — ${status}`,
    '--- source de la cellule ---',
    ...source,
    '--- erreur ---',
    `${error.ename}: ${error.evalue}`,
    ...error.traceback.filter((line) => line.trim() !== `${error.ename}: ${error.evalue}`.trim()),
  ];
  if (failedCopy) lines.push(`Copie exécutée jusqu'à l'échec : ${failedCopy}`);
  return lines.join('\n');
}
