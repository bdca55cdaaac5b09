/**
 * Reads every notebook of the course and checks names, numbering and layout (what `npm run render` needs).
 */
import * as path from 'node:path';
import { NOTEBOOKS_DIR, PART_TITLES } from './course-outline';
import { listNotebookFiles, Notebook, readNotebook } from '../notebook-format';
import { checkNotebookStructure, NotebookTitle } from './notebook-structure';
import { Problem } from './problem';

/** A course notebook that could be read. */
export interface ScannedNotebook {
  /** Base name shared by the notebook and its page (`07-…`). */
  baseName: string;
  /** Number in the file name. */
  number: number;
  /** Repository-relative path, e.g. `notebooks/07-….ipynb`. */
  relPath: string;
  notebook: Notebook;
  /** Title from its `# Partie N : Titre` cell, when readable. */
  title?: NotebookTitle;
  /** True when the layout has no problem (its page can be rendered). */
  layoutOk: boolean;
  /** True when the title is present, numbered like the file and equal to the outline's. */
  titleOk: boolean;
}

/** The course's notebooks and the problems that keep the pages from being rendered. */
export interface CourseScan {
  root: string;
  notebooks: ScannedNotebook[];
  problems: Problem[];
  /** Base names of every course notebook file, readable or not: their pages are not orphans. */
  baseNames: string[];
  /** True when parts 1…N each have exactly one notebook with a correct title (the TOC can be rendered). */
  tocReady: boolean;
}

/** Reads `<root>/notebooks/*.ipynb`, checking file names, continuous numbering, titles and the five sections. */
export function scanCourse(root: string): CourseScan {
  const dir = path.join(root, NOTEBOOKS_DIR);
  const problems: Problem[] = [];
  const notebooks: ScannedNotebook[] = [];
  const baseNames: string[] = [];
  const byNumber = new Map<number, string[]>();
  const expectedCount = PART_TITLES.length;

  for (const entry of listNotebookFiles(dir)) {
    const relPath = `${NOTEBOOKS_DIR}/${entry.name}`;
    const number = entry.part;
    if (number === undefined) {
      problems.push({
        file: relPath,
        message:
          'nom de fichier hors convention : un carnet du cours se nomme NN-titre-en-ascii.ipynb (deux chiffres, un tiret, ' +
          'minuscules sans accents séparées par des tirets). Renommez-le avec git mv.',
      });
      continue;
    }
    byNumber.set(number, [...(byNumber.get(number) ?? []), relPath]);
    if (number < 1 || number > expectedCount) {
      problems.push({
        file: relPath,
        message: `le numéro ${entry.baseName.slice(0, 2)} est hors du cours (parties 01 à ${expectedCount}). Renommez le fichier, ou ajoutez la partie à PART_TITLES dans tools/course-pages/course-outline.ts.`,
      });
      continue;
    }
    baseNames.push(entry.baseName);
    const read = readNotebook(entry.file);
    if ('error' in read) {
      problems.push({ file: relPath, line: read.line, message: read.error });
      continue;
    }
    const structure = checkNotebookStructure(read.notebook, relPath, number);
    problems.push(...structure.problems);
    notebooks.push({
      baseName: entry.baseName,
      number,
      relPath,
      notebook: read.notebook,
      title: structure.title,
      layoutOk: structure.problems.length === 0,
      titleOk: structure.titleOk,
    });
  }

  for (let number = 1; number <= expectedCount; number += 1) {
    const files = byNumber.get(number) ?? [];
    const nn = String(number).padStart(2, '0');
    if (files.length === 0) {
      problems.push({
        file: `${NOTEBOOKS_DIR}/`,
        message: `la partie ${number} (« ${PART_TITLES[number - 1]} ») n'a pas de carnet : la numérotation doit être continue de 01 à ${expectedCount}. Ajoutez ${NOTEBOOKS_DIR}/${nn}-<titre>.ipynb ou renumérotez les fichiers.`,
      });
    } else if (files.length > 1) {
      problems.push({
        file: files[1],
        message: `deux carnets portent le numéro ${nn} (${files.join(' et ')}). Gardez-en un seul, ou renumérotez avec git mv.`,
      });
    }
  }

  notebooks.sort((a, b) => a.number - b.number || a.baseName.localeCompare(b.baseName));
  const tocReady =
    notebooks.length === expectedCount &&
    notebooks.every((nb, index) => nb.number === index + 1 && nb.titleOk);
  return { root, notebooks, problems, baseNames, tocReady };
}
