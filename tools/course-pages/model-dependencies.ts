/**
 * Which parts depend on which, through the models they save and load, read from the notebooks' code:
 * `saveCourseModel(model, 'name')` saves a model, `requireModel('name', part)` loads one.
 */
import { scanCourse } from './course-scan';
import { cellSource, Notebook } from '../notebook-format';
import { libraryVersion, partKey, readResultsStore } from './results-store';

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

/**
 * For `npm run course -- --stale`: the parts whose stored results (course at `root`) are missing, unreadable,
 * from quick mode or stale, and those plus the parts that load their models (`rerun`).
 */
export function staleSelection(root: string): { stale: number[]; rerun: number[] } {
  const scan = scanCourse(root);
  const store = readResultsStore(root);
  const library = libraryVersion(root);
  const stale = scan.notebooks
    .filter((part) => {
      const entry = store.parts.get(part.baseName);
      return !entry || entry.mode !== 'full' || entry.key !== partKey(part.notebook, library);
    })
    .map((part) => part.number);
  return { stale, rerun: partsToRerun(stale, scan.notebooks.map((part) => partModels(part.number, part.notebook))) };
}
