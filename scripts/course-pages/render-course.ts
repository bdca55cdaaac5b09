/**
 * Renders the course: one Markdown page per part (optionally with the outputs of executed copies) and the TOC;
 * writes them atomically and removes the pages of notebooks that no longer exist.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../src/atomic-write';
import { collectPageOutputs, FigureJob } from './cell-outputs';
import { PAGES_DIR, TOC_FILE } from './course-outline';
import { CourseScan, ScannedNotebook } from './course-scan';
import { cellSource, listIpynbFiles, Notebook, readNotebook } from './notebook-file';
import { renderPageMarkdown, renderTocMarkdown } from './page-markdown';

/** A figure to draw, its `file` relative to the output root (`pages/figures/07-1.png`). */
export type RootFigureJob = FigureJob & { page: string };

/** The rendered course, paths relative to the output root. */
export interface RenderedCourse {
  /** Markdown files: `pages/NN-….md` and, when the TOC could be rendered, `Tables-des-matieres.md`. */
  files: Map<string, string>;
  /** Figures to draw (only when rendering with outputs). */
  figures: RootFigureJob[];
  /** Parts rendered from their executed copy (with outputs). */
  withOutputs: string[];
  /** French notes about executed copies that are missing or older than the notebook. */
  warnings: string[];
}

/** Reads the executed copies (`<dir>/NN-….ipynb`, same names as the notebooks) into a map by base name. */
export function readExecutedNotebooks(dir: string): { notebooks: Map<string, Notebook>; warnings: string[] } {
  const notebooks = new Map<string, Notebook>();
  const warnings: string[] = [];
  for (const fileName of listIpynbFiles(dir)) {
    const read = readNotebook(path.join(dir, fileName));
    if ('error' in read) warnings.push(`${path.join(dir, fileName)} ignoré : ${read.error}`);
    else notebooks.set(fileName.slice(0, -'.ipynb'.length), read.notebook);
  }
  return { notebooks, warnings };
}

/**
 * The notebook to render with outputs: the committed notebook's cells (its current text) with the outputs of
 * the executed copy, when both have the same code cells in the same order (a text-only edit needs no re-run);
 * otherwise the executed copy as it is, flagged `stale`.
 */
export function withExecutedOutputs(committed: Notebook, executed: Notebook): { notebook: Notebook; stale: boolean } {
  const codeOf = (nb: Notebook) => nb.cells.filter((cell) => cell.cell_type === 'code');
  const committedCode = codeOf(committed);
  const executedCode = codeOf(executed);
  const sameCode =
    committedCode.length === executedCode.length && committedCode.every((cell, i) => cellSource(cell) === cellSource(executedCode[i]));
  if (!sameCode) return { notebook: executed, stale: true };
  let k = 0;
  const cells = committed.cells.map((cell) => {
    if (cell.cell_type !== 'code') return cell;
    const run = executedCode[k++];
    return { ...cell, outputs: run.outputs ?? [], execution_count: run.execution_count ?? null };
  });
  return { notebook: { ...committed, cells }, stale: false };
}

/**
 * Renders the pages of the notebooks whose layout is valid and, when the scan allows, the TOC.
 * With `executed`, a part whose executed copy exists is rendered from that copy, outputs and figures included.
 */
export function renderCourse(scan: CourseScan, executed?: Map<string, Notebook>): RenderedCourse {
  const files = new Map<string, string>();
  const figures: RootFigureJob[] = [];
  const withOutputs: string[] = [];
  const warnings: string[] = [];
  for (const part of scan.notebooks) {
    if (!part.layoutOk) continue;
    const page = `${PAGES_DIR}/${part.baseName}.md`;
    const copy = executed?.get(part.baseName);
    if (executed && !copy) warnings.push(`${part.relPath} : pas de copie exécutée, page rendue sans sorties.`);
    if (copy) {
      const merged = withExecutedOutputs(part.notebook, copy);
      if (merged.stale) {
        warnings.push(`${part.relPath} : le code a changé depuis l'exécution ; la page montre la copie exécutée (ancien code). Relancez l'exécution des carnets pour des sorties à jour.`);
      }
      const outputs = collectPageOutputs(merged.notebook, part.baseName, part.number);
      files.set(page, renderPageMarkdown(merged.notebook, part.relPath, (index) => outputs.blocksByCell.get(index) ?? []));
      figures.push(...outputs.figures.map((job) => ({ ...job, file: `${PAGES_DIR}/${job.file}`, page })));
      withOutputs.push(part.baseName);
    } else {
      files.set(page, renderPageMarkdown(part.notebook, part.relPath));
    }
  }
  if (scan.tocReady) {
    files.set(
      TOC_FILE,
      renderTocMarkdown(scan.notebooks.map((nb: ScannedNotebook) => ({ number: nb.number, title: nb.title!.title, baseName: nb.baseName }))),
    );
  }
  return { files, figures, withOutputs, warnings };
}

/** Generated page names (`NN-….md`, `NN-….html`) and figure names (`NN-k.png`), the only files render deletes. */
const GENERATED_PAGE = /^\d{2}-[a-z0-9-]+\.(md|html)$/;
const GENERATED_FIGURE = /^\d{2}-\d+\.png$/;

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

/** Draws one figure job to PNG bytes. */
export type DrawFigure = (job: RootFigureJob) => Promise<Buffer>;

/**
 * Writes the rendered course under `outRoot` (each file atomically), deletes orphan generated pages, and,
 * when `drawFigure` is given, replaces the PNG figures. Returns the written paths, relative to outRoot.
 */
export async function writeRenderedCourse(
  outRoot: string,
  rendered: RenderedCourse,
  options: { drawFigure?: DrawFigure; extraFiles?: Map<string, string | Buffer> } = {},
): Promise<{ written: string[]; removed: string[] }> {
  const written: string[] = [];
  const removed: string[] = [];
  for (const [file, content] of [...rendered.files, ...(options.extraFiles ?? new Map<string, string | Buffer>())]) {
    const target = path.join(outRoot, file);
    if (!fs.existsSync(target) || !fs.readFileSync(target).equals(Buffer.from(content))) {
      writeFileAtomic(target, content);
      written.push(file);
    }
  }
  for (const file of orphanPages(outRoot, new Set([...rendered.files.keys(), ...(options.extraFiles?.keys() ?? [])]))) {
    fs.rmSync(path.join(outRoot, file));
    removed.push(file);
  }
  if (options.drawFigure) {
    const figureDir = path.join(outRoot, PAGES_DIR, 'figures');
    const keep = new Set(rendered.figures.map((job) => path.basename(job.file)));
    if (fs.existsSync(figureDir)) {
      for (const name of fs.readdirSync(figureDir).sort()) {
        if (GENERATED_FIGURE.test(name) && !keep.has(name)) {
          fs.rmSync(path.join(figureDir, name));
          removed.push(`${PAGES_DIR}/figures/${name}`);
        }
      }
    }
    for (const job of rendered.figures) {
      writeFileAtomic(path.join(outRoot, job.file), await options.drawFigure(job));
      written.push(job.file);
    }
  }
  return { written, removed };
}
