/** The course's one way of printing a test error. */

/**
 * Formats a test error: `Final MSE: 0.0066` (the reference course's line) without `label`, and with a
 * French `label` the French colon, `label : 0.0066`. Introduced in 12-visualisation-de-la-reconstruction.
 */
export function formatMse(mse: number, label?: string): string {
  if (!Number.isFinite(mse)) throw new Error(`formatMse(${mse}) : la MSE n'est pas un nombre fini ; vérifiez le modèle et les données.`);
  return label === undefined ? `Final MSE: ${mse.toFixed(4)}` : `${label} : ${mse.toFixed(4)}`;
}
