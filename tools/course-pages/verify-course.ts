/**
 * The translators' check: notebooks follow the course layout, links and anchors resolve, the prose follows French
 * typography and the glossary, and the committed pages and TOC are exactly what `npm run render` produces.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NOTEBOOKS_DIR, OUTLINE_FILE, PAGES_DIR, TOC_FILE } from './course-outline';
import { CourseScan, scanCourse } from './course-scan';
import { checkGlossaryTerms, GLOSSARY_FILE, readGlossary } from './glossary';
import { checkLinks, LinkTargets } from './link-check';
import { cellSource, Notebook } from '../notebook-format';
import { checkKernel, checkNoOutputs } from './notebook-structure';
import { excerptAround, firstDifference, Problem, quoteExcerpt } from './problem';
import { orphanPages, renderCourse, RenderedCourse, STALE_COMMAND } from './render-course';
import {
  damagedStoreMessages,
  entryPath,
  listStoredFigures,
  MACHINE_PATH,
  MAX_STORE_BYTES,
  readResultsStore,
  ResultsStore,
  storeBytes,
} from './results-store';
import { checkTypography } from './typography';
import { checkCodeLineLength } from './code-lines';

/** Hand-written Markdown files whose links are checked too (when present). */
export const CHECKED_DOCS = ['Glossaire.md', 'CONTRIBUTING.md'];

const RENDER_HINT = 'Exécutez npm run render, puis committez pages/ et Tables-des-matieres.md avec le carnet.';

/** Compares the committed text of a generated file with what render produces; undefined when equal. */
function staleness(committed: string, expected: string): { line: number; committed: string; expected: string } | undefined {
  if (committed === expected) return undefined;
  const a = committed.split('\n');
  const b = expected.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  if (i >= a.length || i >= b.length) {
    return { line: i + 1, committed: a[i] ?? '(fin du fichier)', expected: b[i] ?? '(fin du fichier)' };
  }
  const at = firstDifference(a[i], b[i]);
  return { line: i + 1, committed: excerptAround(a[i], at), expected: excerptAround(b[i], at) };
}

/** Markdown text of a notebook's Markdown cells (what its `#anchor` links may name). */
function notebookMarkdown(notebook: Notebook): string {
  return notebook.cells
    .filter((cell) => cell.cell_type === 'markdown')
    .map(cellSource)
    .join('\n\n');
}

/** Runs every check on the course rooted at `root`; returns the problems (empty when all is well). */
export function verifyCourse(root: string): Problem[] {
  return verifyCourseReport(root).problems;
}

/** The results store's problems (entry without notebook, unused figure, quick mode, size, machine paths, damage). */
function checkResultsStore(root: string, scan: CourseScan, store: ResultsStore, rendered: RenderedCourse): Problem[] {
  const problems: Problem[] = [];
  const baseNames = new Set(scan.baseNames);
  for (const line of damagedStoreMessages(store)) {
    const file = line.slice(0, line.indexOf(' : '));
    problems.push({ file, message: line.slice(file.length + 3) });
  }
  for (const [baseName, entry] of store.parts) {
    const file = entryPath(baseName);
    if (!baseNames.has(baseName)) {
      problems.push({
        file,
        message: `ces résultats n'appartiennent à aucun carnet de ${NOTEBOOKS_DIR}/ (carnet renommé ou supprimé ?). Supprimez le fichier (git rm), ou réexécutez la partie renommée : npm run course -- --stale.`,
      });
    }
    if (entry.mode === 'quick') {
      problems.push({
        file,
        message: "ces résultats viennent du mode rapide (AE_QUICK=1) : ils ne peuvent pas servir d'exécution de référence. Supprimez-les (git rm) et lancez npm run course (mode complet).",
      });
    }
    const leak = entry.cells.flat().map((output) => ('text' in output ? output.text : 'markdown' in output ? output.markdown : '')).find((text) => MACHINE_PATH.test(text));
    if (leak !== undefined) {
      problems.push({ file, message: `une sortie contient un chemin de la machine (« ${quoteExcerpt(MACHINE_PATH.exec(leak)![0])} ») : réexécutez la partie avec npm run course, qui les remplace.` });
    }
  }
  const used = new Set([...rendered.files.values()].flatMap((markdown) => [...markdown.matchAll(/\]\((figures\/[^)\s]+\.png)\)/g)].map((m) => `${PAGES_DIR}/${m[1]}`)));
  for (const figure of listStoredFigures(root)) {
    if (!used.has(figure)) {
      problems.push({ file: figure, message: "aucune page n'affiche cette figure (reste d'une exécution interrompue ou d'une partie supprimée). Supprimez-la (git rm), ou lancez npm run render." });
    }
  }
  const bytes = storeBytes(root);
  if (bytes > MAX_STORE_BYTES) {
    problems.push({ file: `${PAGES_DIR}/`, message: `les résultats enregistrés pèsent ${(bytes / 1024 / 1024).toFixed(1)} Mo, plus que la limite de ${MAX_STORE_BYTES / 1024 / 1024} Mo : réduisez la taille des figures.` });
  }
  return problems;
}

/** Every check on the course rooted at `root`: problems (fail) and notes (stale results, reported without failing). */
export function verifyCourseReport(root: string): { problems: Problem[]; notes: string[] } {
  const scan = scanCourse(root);
  const problems: Problem[] = [...scan.problems];
  const store = readResultsStore(root);
  const rendered = renderCourse(scan, store);
  problems.push(...checkResultsStore(root, scan, store, rendered));
  const notes = rendered.stale.map(
    (baseName) => `${NOTEBOOKS_DIR}/${baseName}.ipynb : résultats périmés (code changé depuis l'exécution de référence) ; ${STALE_COMMAND} les met à jour.`,
  );
  const notebookPages = new Set(scan.baseNames.map((name) => `${PAGES_DIR}/${name}.md`));
  const glossaryPath = path.join(root, GLOSSARY_FILE);
  const glossary = readGlossary(fs.existsSync(glossaryPath) ? fs.readFileSync(glossaryPath, 'utf8') : '');
  problems.push(...glossary.problems);

  // Files render will generate count as present for links (a missing one is reported once, below).
  const texts = new Map<string, string>([...rendered.files]);
  for (const part of scan.notebooks) texts.set(part.relPath, notebookMarkdown(part.notebook));
  const targets: LinkTargets = { root, generated: new Set([...rendered.files.keys(), TOC_FILE, ...notebookPages]), texts };

  for (const part of scan.notebooks) {
    problems.push(...checkKernel(part.notebook, part.relPath));
    problems.push(...checkNoOutputs(part.notebook, part.relPath));
    part.notebook.cells.forEach((cell, index) => {
      if (cell.cell_type !== 'markdown') return;
      problems.push(...checkLinks(cellSource(cell), part.relPath, targets, () => ({ file: part.relPath, cell: index + 1 })));
    });
    problems.push(...checkTypography(part.notebook, part.relPath));
    problems.push(...checkGlossaryTerms(part.notebook, part.relPath, glossary.variants));
    problems.push(...checkCodeLineLength(part.notebook, part.relPath));
  }

  // Committed pages and TOC = what render produces (only for notebooks that can be rendered).
  const missing = [...rendered.files.keys()].filter((file) => !fs.existsSync(path.join(root, file)));
  if (missing.length > 3) {
    problems.push({
      file: missing.includes(TOC_FILE) ? `${TOC_FILE}, ${PAGES_DIR}/` : `${PAGES_DIR}/`,
      message: `${missing.length} fichiers générés manquent (${missing.slice(0, 3).join(', ')}…). ${RENDER_HINT}`,
    });
  }
  for (const [file, expected] of rendered.files) {
    const target = path.join(root, file);
    const source = file === TOC_FILE ? `des titres des carnets et de ${OUTLINE_FILE}` : `de ${NOTEBOOKS_DIR}/${path.basename(file, '.md')}.ipynb`;
    if (!fs.existsSync(target)) {
      if (missing.length <= 3) problems.push({ file, message: `ce fichier généré manque (il est produit à partir ${source}). ${RENDER_HINT}` });
      continue;
    }
    const diff = staleness(fs.readFileSync(target, 'utf8').replace(/\r\n/g, '\n'), expected);
    if (diff) {
      problems.push({
        file,
        line: diff.line,
        message:
          `n'est pas à jour par rapport au contenu ${source} : le fichier contient « ${diff.committed} » là où le rendu donne « ${diff.expected} ». ` +
          `Ne modifiez pas les pages à la main : modifiez le carnet. ${RENDER_HINT}`,
      });
    }
  }
  const orphans = orphanPages(root, notebookPages);
  for (const file of orphans) {
    if (file.endsWith('.html')) continue;
    problems.push({
      file,
      message: `cette page ne correspond à aucun carnet de ${NOTEBOOKS_DIR}/ (carnet renommé ou supprimé ?). Exécutez npm run render, qui supprime les pages orphelines, puis committez la suppression.`,
    });
  }

  // Links of the TOC, the hand-written docs and any hand-written page; a generated page's links are its
  // notebook's, checked (and reported) once, at the notebook.
  const pagesDir = path.join(root, PAGES_DIR);
  const handWrittenPages = fs.existsSync(pagesDir)
    ? fs
        .readdirSync(pagesDir)
        .filter((name) => name.endsWith('.md'))
        .map((name) => `${PAGES_DIR}/${name}`)
        .filter((file) => !notebookPages.has(file) && !orphans.includes(file))
        .sort()
    : [];
  for (const file of [...handWrittenPages, TOC_FILE, ...CHECKED_DOCS]) {
    const full = path.join(root, file);
    if (!fs.existsSync(full)) continue;
    problems.push(...checkLinks(fs.readFileSync(full, 'utf8'), file, targets, (line) => ({ file, line })));
  }
  return { problems, notes };
}
