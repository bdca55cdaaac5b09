/**
 * Renders the course: one Markdown page per part, with the outputs of the reference run when the results store
 * has them, and the TOC; writes them atomically and removes the pages of notebooks that no longer exist.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../src/atomic-write';
import { KEY_RESULTS, PAGES_DIR, PART_TITLES, TOC_FILE } from './course-outline';
import { CourseScan, ScannedNotebook } from './course-scan';
import { frenchDate, frenchDecimal, frenchDuration } from './french-format';
import { fencedBlock, PageExtras, PartLink, renderPageMarkdown, renderTocMarkdown } from './page-markdown';
import { libraryVersion, partKey, ResultsStore, StoredOutput, StoredPart } from './results-store';

/** The rendered course, paths relative to the course root. */
export interface RenderedCourse {
  /** Markdown files: `pages/NN-….md` and, when the TOC could be rendered, `Tables-des-matieres.md`. */
  files: Map<string, string>;
  /** Base names of the parts whose page shows stored outputs. */
  withOutputs: string[];
  /** Base names of the parts whose stored outputs are stale (code or library changed since the run). */
  stale: string[];
}

/** Command that brings stale results up to date (CONTRIBUTING.md, README). */
export const STALE_COMMAND = 'npm run course -- --stale';

/** True when a stored entry no longer matches the part's code cells or the library version. */
export function isStale(entry: StoredPart, notebook: ScannedNotebook['notebook'], library: string): boolean {
  return entry.key !== partKey(notebook, library);
}

/** One stored output as Markdown: text in a ```text block, Markdown as it is, a figure as an image. */
function outputBlock(output: StoredOutput, figureNumber: () => number, part: number): string {
  if ('text' in output) return fencedBlock(output.text, 'text');
  if ('markdown' in output) return output.markdown;
  return `![Figure ${figureNumber()} de la partie ${part}](${output.figure})`;
}

/** The notices of a page whose results are stale or come from quick mode. */
function notices(entry: StoredPart, stale: boolean): string[] {
  const out: string[] = [];
  if (stale) {
    out.push(
      `> **Résultats périmés.** Le code de cette partie, ou la version de la bibliothèque, a changé depuis l'exécution du ${frenchDate(entry.run.date)} : ` +
        `les sorties ci-dessous viennent de l'ancien code. Pour les mettre à jour : \`${STALE_COMMAND}\`.`,
    );
  }
  if (entry.mode === 'quick') {
    out.push(
      "> **Mode rapide.** Ces sorties viennent d'une exécution en mode rapide (`AE_QUICK=1` : quelques centaines d'images, une ou deux époques), " +
        "pas d'une exécution de référence : elles ne représentent pas les résultats du cours.",
    );
  }
  return out;
}

/** The TOC's short line for a part: its key result and its duration. */
function tocResult(entry: StoredPart, stale: boolean): string {
  const parts: string[] = [];
  if (entry.keyResult) parts.push(`MSE de test ${frenchDecimal(entry.keyResult.value, 4)}`);
  parts.push(frenchDuration(entry.seconds));
  return `${parts.join(', ')}${stale ? ' (périmé)' : ''}`;
}

/** The TOC's paragraph about the reference run: date, machine, duration, key results, quick mode, stale parts. */
function runSummary(entries: { number: number; entry: StoredPart; stale: boolean }[]): string[] {
  if (entries.length === 0) return [];
  const dates = [...new Set(entries.map((e) => e.entry.run.date))].sort();
  const machines = [...new Set(entries.map(({ entry: { run } }) => `${run.cpu} (${run.cores} cœurs), Node.js ${run.node}, moteur ${run.backend}${run.backend === 'wasm' ? ` (${run.threads} fils d'exécution)` : ''}`))].sort();
  const total = entries.reduce((sum, e) => sum + e.entry.seconds, 0);
  const when = dates.length === 1 ? `du ${frenchDate(dates[0])}` : `du ${frenchDate(dates[0])} au ${frenchDate(dates[dates.length - 1])}`;
  const lines = [
    `Résultats : exécution ${when} sur ${machines.join(' ; ')}, ${entries.length} ${entries.length > 1 ? 'parties' : 'partie'} en ${frenchDuration(total)} au total.`,
  ];
  const keys = KEY_RESULTS.flatMap(({ part, label }) => {
    const found = entries.find((e) => e.number === part)?.entry.keyResult;
    return found ? [`${label} ${frenchDecimal(found.value, 4)} (partie ${part})`] : [];
  });
  if (keys.length > 0) lines.push(`MSE de test : ${keys.join(' ; ')}.`);
  if (entries.some((e) => e.entry.mode === 'quick')) {
    lines.push("**Attention : ces résultats viennent du mode rapide (`AE_QUICK=1`), pas d'une exécution de référence.**");
  }
  const stale = entries.filter((e) => e.stale).map((e) => e.number);
  if (stale.length > 0) lines.push(`Résultats périmés (code changé depuis) : ${stale.length > 1 ? 'parties' : 'partie'} ${stale.join(', ')} ; \`${STALE_COMMAND}\` les met à jour.`);
  return [lines.join('\n')];
}

/**
 * Renders the pages of the notebooks whose layout is valid and, when the scan allows, the TOC. With a results
 * store, each part that has an entry shows its stored outputs (with a notice when stale or from quick mode).
 */
export function renderCourse(scan: CourseScan, store?: ResultsStore): RenderedCourse {
  const files = new Map<string, string>();
  const withOutputs: string[] = [];
  const stale: string[] = [];
  const library = libraryVersion(scan.root);
  // Neighbours by part number, from every notebook file (an unreadable one keeps its place, with the outline's title).
  const linkTo = (number: number): PartLink | undefined => {
    const baseName = scan.baseNames.find((name) => Number(name.slice(0, 2)) === number);
    if (!baseName) return undefined;
    const title = scan.notebooks.find((nb) => nb.baseName === baseName)?.title?.title ?? PART_TITLES[number - 1] ?? baseName;
    return { number, title, baseName };
  };
  const tocResults = new Map<string, string>();
  const summaryEntries: { number: number; entry: StoredPart; stale: boolean }[] = [];
  scan.notebooks.forEach((part) => {
    const extras: PageExtras = { previous: linkTo(part.number - 1), next: linkTo(part.number + 1) };
    const entry = store?.parts.get(part.baseName);
    if (entry) {
      const partStale = isStale(entry, part.notebook, library);
      let figure = 0;
      extras.outputs = entry.cells.map((outputs) => outputs.map((output) => outputBlock(output, () => (figure += 1), part.number)));
      extras.notices = notices(entry, partStale);
      if (partStale) stale.push(part.baseName);
      withOutputs.push(part.baseName);
      tocResults.set(part.baseName, tocResult(entry, partStale));
      summaryEntries.push({ number: part.number, entry, stale: partStale });
    }
    if (part.layoutOk) files.set(`${PAGES_DIR}/${part.baseName}.md`, renderPageMarkdown(part.notebook, part.relPath, extras));
  });
  if (scan.tocReady) {
    files.set(
      TOC_FILE,
      renderTocMarkdown(
        scan.notebooks.map((nb: ScannedNotebook) => ({ number: nb.number, title: nb.title!.title, baseName: nb.baseName, result: tocResults.get(nb.baseName) })),
        runSummary(summaryEntries),
      ),
    );
  }
  return { files, withOutputs, stale };
}

/** Generated page names (`NN-….md`, and `NN-….html` left by earlier renders), the only files render deletes. */
const GENERATED_PAGE = /^\d{2}-[a-z0-9-]+\.(md|html)$/;

/** Lists the generated pages (`NN-….md|html`) in `<outRoot>/pages` not in `keep` (paths relative to outRoot). */
export function orphanPages(outRoot: string, keep: ReadonlySet<string>): string[] {
  const dir = path.join(outRoot, PAGES_DIR);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => GENERATED_PAGE.test(name) && !keep.has(`${PAGES_DIR}/${name}`))
    .map((name) => `${PAGES_DIR}/${name}`)
    .sort();
}

/**
 * Writes the rendered course under `outRoot` (each changed file atomically) and deletes orphan generated pages.
 * Returns the written and removed paths, relative to outRoot.
 */
export async function writeRenderedCourse(outRoot: string, rendered: RenderedCourse): Promise<{ written: string[]; removed: string[] }> {
  const written: string[] = [];
  const removed: string[] = [];
  for (const [file, content] of rendered.files) {
    const target = path.join(outRoot, file);
    if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== content) {
      writeFileAtomic(target, content);
      written.push(file);
    }
  }
  for (const file of orphanPages(outRoot, new Set(rendered.files.keys()))) {
    fs.rmSync(path.join(outRoot, file));
    removed.push(file);
  }
  return { written, removed };
}
