/**
 * A tiny course for the pages/verifier tests: 30 short notebooks in the course layout, rendered pages and TOC,
 * in a temp folder (plus the hand-written files the TOC links to).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BACK_LINK, type Notebook, type NotebookCell, PART_TITLES, renderCourse, requireNotebook, scanCourse, writeNotebook, writeRenderedCourse } from '../../tools';

/** ASCII kebab-case slug of a French title. */
export function slugify(title: string): string {
  return title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Base name (`07-…`) of fixture part `number`. */
export function fixtureBaseName(number: number): string {
  return `${String(number).padStart(2, '0')}-${slugify(PART_TITLES[number - 1]).slice(0, 40).replace(/-$/, '')}`;
}

const md = (source: string): NotebookCell => ({ cell_type: 'markdown', metadata: {}, source: source.split(/(?<=\n)/) });
const code = (source: string): NotebookCell => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: source.split(/(?<=\n)/) });

/** A notebook in the course layout for part `number` (links to the next part's notebook, like a real lesson). */
export function fixtureNotebook(number: number): Notebook {
  const next = number < PART_TITLES.length ? ` Suite : [partie ${number + 1}](${fixtureBaseName(number + 1)}.ipynb).` : '';
  return {
    cells: [
      md(`# Partie ${number} : ${PART_TITLES[number - 1]}`),
      md(`## Description\n\nCette partie présente l'étape ${number} du cours.${next}`),
      md('## Code'),
      code("import { tf } from '../dist';\nconsole.log(tf.version.tfjs);"),
      md('Puis on calcule :'),
      code(`const mse = 0.00${number};\nconsole.log(\`Final MSE: \${mse}\`);`),
      md('## Justification\n\nChaque étape prépare la suivante.'),
      md('# Annexe : code\n\n`console.log` affiche la valeur dans la sortie de la cellule.'),
      md(BACK_LINK),
    ],
    metadata: { kernelspec: { name: 'tslab', language: 'typescript', display_name: 'TypeScript' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** Reads a fixture notebook. */
export function readFixtureNotebook(root: string, number: number): Notebook {
  return requireNotebook(notebookPath(root, number));
}

/** Path of fixture part `number`'s notebook. */
export function notebookPath(root: string, number: number): string {
  return path.join(root, 'notebooks', `${fixtureBaseName(number)}.ipynb`);
}

/** Creates a temp course (notebooks only, no pages yet); the caller removes it. */
export function makeCourseNotebooks(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'course-pages-'));
  fs.mkdirSync(path.join(root, 'notebooks'));
  for (let n = 1; n <= PART_TITLES.length; n += 1) writeNotebook(notebookPath(root, n), fixtureNotebook(n));
  for (const doc of ['README.md', 'CONTRIBUTING.md', 'Glossaire.md']) fs.writeFileSync(path.join(root, doc), `# ${doc}\n`);
  return root;
}

/** Creates a temp course with its pages and TOC rendered (the state committed in the repository). */
export async function makeRenderedCourse(): Promise<string> {
  const root = makeCourseNotebooks();
  await writeRenderedCourse(root, renderCourse(scanCourse(root)));
  return root;
}

/** Copies a course folder to a fresh temp folder (to damage it). */
export function copyCourse(root: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'course-pages-copy-'));
  fs.cpSync(root, copy, { recursive: true });
  return copy;
}
