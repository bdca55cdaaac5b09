/** The course's one way of printing a test error. */

/** Formats a test error the way the course prints it, e.g. `Final MSE: 0.0066`. Introduced in 12-visualisation-de-la-reconstruction. */
export function formatMse(mse: number, label = 'Final MSE'): string {
  if (!Number.isFinite(mse)) throw new Error(`formatMse(${mse}) : la MSE n'est pas un nombre fini ; vérifiez le modèle et les données.`);
  return `${label}: ${mse.toFixed(4)}`;
}
