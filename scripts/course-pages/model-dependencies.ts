/**
 * Which parts depend on which, through the models they save and load, read from the notebooks' code:
 * `saveCourseModel(model, 'name')` saves a model, `requireModel('name', part)` loads one.
 */
import { cellSource, Notebook } from './notebook-file';

/** The model names a part saves and loads (string literals only). */
export interface PartModels {
  number: number;
  saves: Set<string>;
  loads: Set<string>;
}

/** Reads the model names in a notebook's code cells. */
export function partModels(number: number, notebook: Notebook): PartModels {
  const code = notebook.cells
    .filter((cell) => cell.cell_type === 'code')
    .map(cellSource)
    .join('\n');
  const names = (pattern: RegExp): Set<string> => new Set([...code.matchAll(pattern)].map((m) => m[1]));
  return {
    number,
    saves: names(/saveCourseModel\(\s*[^,()]+,\s*['"`]([^'"`]+)['"`]/g),
    loads: names(/requireModel\(\s*['"`]([^'"`]+)['"`]/g),
  };
}

/**
 * The parts to re-run when `stale` parts are: those parts, plus every later part that loads a model one of
 * them saves, transitively. Sorted by part number.
 */
export function partsToRerun(stale: readonly number[], parts: readonly PartModels[]): number[] {
  const rerun = new Set(stale);
  let grew = true;
  while (grew) {
    grew = false;
    for (const part of parts) {
      if (rerun.has(part.number)) continue;
      const loadsFromRerun = parts.some(
        (saver) => rerun.has(saver.number) && saver.number < part.number && [...saver.saves].some((name) => part.loads.has(name)),
      );
      if (loadsFromRerun) {
        rerun.add(part.number);
        grew = true;
      }
    }
  }
  return [...rerun].sort((a, b) => a - b);
}
