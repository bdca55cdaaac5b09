/**
 * The epoch budget of a lesson: the full count in the course, a small one in quick mode (AE_QUICK), so that the
 * tests run every notebook in minutes.
 */
import { quickMode } from './paths';

/** Most epochs a training runs in quick mode: one to see the loss fall, a second to see it keep falling. */
const QUICK_MAX_EPOCHS = 2;

/**
 * Epochs to run: `fullEpochs` in the full course, at most 2 in quick mode (AE_QUICK=1).
 * Introduced in 11-entrainement-de-l-autoencodeur.
 */
export function courseEpochs(fullEpochs: number): number {
  if (!Number.isInteger(fullEpochs) || fullEpochs < 1) {
    throw new Error(`courseEpochs(${fullEpochs}) : le nombre d'époques doit être un entier strictement positif, par exemple courseEpochs(15).`);
  }
  return quickMode() ? Math.min(fullEpochs, QUICK_MAX_EPOCHS) : fullEpochs;
}
