/**
 * The translators' check: notebooks follow the course layout, links resolve, and the committed pages and TOC
 * are exactly what `npm run render` produces.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NOTEBOOKS_DIR, OUTLINE_FILE, PAGES_DIR, TOC_FILE } from './course-outline';
import { scanCourse } from './course-scan';
import { extractLinks, isRelativeTarget, resolveLinkTarget } from './markdown-links';
import { cellSource } from './notebook-file';
import { checkKernel, checkNoOutputs } from './notebook-structure';
import { Problem, quoteExcerpt } from './problem';
import { orphanPages, renderCourse } from './render-course';

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
  return { line: i + 1, committed: a[i] ?? '(fin du fichier)', expected: b[i] ?? '(fin du fichier)' };
}

/** Problems for the relative links of a Markdown text that point to no file (nor to a file render will generate). */
function brokenLinks(
  root: string,
  generated: ReadonlySet<string>,
  markdown: string,
  fromDir: string,
  where: (line: number) => Pick<Problem, 'file' | 'cell' | 'line'>,
): Problem[] {
  const problems: Problem[] = [];
  for (const link of extractLinks(markdown)) {
    if (!isRelativeTarget(link.target)) continue;
    const resolved = resolveLinkTarget(fromDir, link.target);
    if (fs.existsSync(resolved) || generated.has(path.relative(root, resolved).split(path.sep).join('/'))) continue;
    const shown = path.relative(root, resolved).split(path.sep).join('/');
    problems.push({
      ...where(link.line),
      message: `le lien « ${quoteExcerpt(link.target)} » ne mène à aucun fichier (${shown} n'existe pas). Corrigez le chemin (il est relatif au dossier du fichier) ou retirez le lien.`,
    });
  }
  return problems;
}

/** Runs every check on the course rooted at `root`; returns the problems (empty when all is well). */
export function verifyCourse(root: string): Problem[] {
  const scan = scanCourse(root);
  const problems: Problem[] = [...scan.problems];
  const notebooksDir = path.join(root, NOTEBOOKS_DIR);
  // Files render will generate count as present for links (a missing one is reported once, below).
  const rendered = renderCourse(scan);
  const generated = new Set([...rendered.files.keys(), TOC_FILE, ...scan.notebooks.map((nb) => `${PAGES_DIR}/${nb.baseName}.md`)]);

  for (const part of scan.notebooks) {
    problems.push(...checkKernel(part.notebook, part.relPath));
    problems.push(...checkNoOutputs(part.notebook, part.relPath));
    part.notebook.cells.forEach((cell, index) => {
      if (cell.cell_type !== 'markdown') return;
      problems.push(...brokenLinks(root, generated, cellSource(cell), notebooksDir, () => ({ file: part.relPath, cell: index + 1 })));
    });
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
          `n'est pas à jour par rapport au contenu ${source} : le fichier contient « ${quoteExcerpt(diff.committed)} » là où le rendu donne « ${quoteExcerpt(diff.expected)} ». ` +
          `Ne modifiez pas les pages à la main : modifiez le carnet. ${RENDER_HINT}`,
      });
    }
  }
  const notebookPages = new Set(scan.notebooks.map((nb) => `${PAGES_DIR}/${nb.baseName}.md`));
  for (const file of orphanPages(root, notebookPages)) {
    if (file.endsWith('.html')) continue;
    problems.push({
      file,
      message: `cette page ne correspond à aucun carnet de ${NOTEBOOKS_DIR}/ (carnet renommé ou supprimé ?). Exécutez npm run render, qui supprime les pages orphelines, puis committez la suppression.`,
    });
  }

  // Links of the committed pages, the TOC and the hand-written docs.
  const markdownFiles = [
    ...(fs.existsSync(path.join(root, PAGES_DIR)) ? fs.readdirSync(path.join(root, PAGES_DIR)).filter((n) => n.endsWith('.md')).sort().map((n) => `${PAGES_DIR}/${n}`) : []),
    TOC_FILE,
    ...CHECKED_DOCS,
  ];
  for (const file of markdownFiles) {
    const full = path.join(root, file);
    if (!fs.existsSync(full)) continue;
    problems.push(...brokenLinks(root, generated, fs.readFileSync(full, 'utf8'), path.dirname(full), (line) => ({ file, line })));
  }
  return problems;
}
