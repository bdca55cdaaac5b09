/**
 * Markdown of a part's page (from its notebook) and of the table of contents. Pure: same input, same bytes.
 */
import {
  BONUS_PART,
  COURSE_SUMMARY,
  COURSE_TITLE,
  HOW_TO_START,
  NOTEBOOKS_DIR,
  OUTLINE_FILE,
  PAGES_DIR,
  REFERENCES,
  TOC_FILE,
} from './course-outline';
import { rewriteNotebookLinks } from './markdown-links';
import { cellSource, Notebook } from '../notebook-format';

/** A neighbouring part, for the « précédente / suivante » links. */
export interface PartLink {
  number: number;
  title: string;
  baseName: string;
}

/** What a page shows besides its notebook's cells: neighbours, notices, and each code cell's output blocks. */
export interface PageExtras {
  previous?: PartLink;
  next?: PartLink;
  /** Markdown paragraphs shown under the navigation (stale or quick-mode results). */
  notices?: string[];
  /** Markdown blocks after each code cell, by code-cell order (0-based); blocks past the last code cell follow it. */
  outputs?: string[][];
}

/** A fenced code block whose fence is longer than any backtick run inside the code. */
export function fencedBlock(code: string, language: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${code}\n${fence}`;
}

/** Cell text without trailing spaces at the end of the cell nor trailing blank lines. */
function tidyCellText(text: string): string {
  return text.replace(/\s+$/, '');
}

/** True for a page's navigation line (left out of the print version, which has its own table of contents). */
export function isNavigationLine(line: string): boolean {
  return line.startsWith('[← Partie précédente : ') || line.startsWith(`[Table des matières](../${TOC_FILE})`);
}

/** The navigation line of a page: previous part, table of contents, next part, and the notebook. */
function navigationLine(notebookFile: string, extras: PageExtras): string {
  const links: string[] = [];
  if (extras.previous) links.push(`[← Partie précédente : ${extras.previous.title}](${extras.previous.baseName}.md)`);
  links.push(`[Table des matières](../${TOC_FILE})`);
  if (extras.next) links.push(`[Partie suivante : ${extras.next.title} →](${extras.next.baseName}.md)`);
  links.push(`[Carnet](../${notebookFile})`);
  return links.join(' · ');
}

/**
 * Renders one part's page: markdown cells as they are (notebook links → page links), code cells as
 * ```typescript blocks each followed by its outputs, a generated-file note and the navigation after the title,
 * the notices under it, and the navigation again at the end.
 */
export function renderPageMarkdown(notebook: Notebook, notebookFile: string, extras: PageExtras = {}): string {
  const blocks: string[] = [];
  const outputs = extras.outputs ?? [];
  const codeCount = notebook.cells.filter((cell) => cell.cell_type === 'code').length;
  let ordinal = 0;
  notebook.cells.forEach((cell) => {
    const text = tidyCellText(cellSource(cell));
    if (cell.cell_type === 'markdown') {
      if (text !== '') blocks.push(rewriteNotebookLinks(text));
    } else if (cell.cell_type === 'code') {
      if (text !== '') blocks.push(fencedBlock(text.replace(/^\n+/, ''), 'typescript'));
      blocks.push(...(outputs[ordinal] ?? []));
      ordinal += 1;
      if (ordinal === codeCount) blocks.push(...outputs.slice(codeCount).flat());
    }
  });
  const nav = navigationLine(notebookFile, extras);
  blocks.splice(Math.min(1, blocks.length), 0, generatedNote(notebookFile), nav, ...(extras.notices ?? []));
  blocks.push(nav);
  return `${blocks.join('\n\n')}\n`;
}

/** The HTML comment (invisible once rendered) that says where a page comes from. */
function generatedNote(notebookFile: string): string {
  return `<!-- Page générée par « npm run render » à partir de ${notebookFile} : modifiez le carnet, pas cette page. -->`;
}

/** One entry of the table of contents. */
export interface TocEntry {
  number: number;
  /** Title as written in the notebook's `# Partie N : Titre` cell. */
  title: string;
  /** Base name shared by the notebook and its page (`07-…`). */
  baseName: string;
  /** Short line from the reference run (key result, duration), when the store has the part. */
  result?: string;
}

/** Renders Tables-des-matieres.md from the parts' titles (read from the notebooks) and the outline's text. */
export function renderTocMarkdown(entries: readonly TocEntry[], runSummary: readonly string[] = []): string {
  const sorted = [...entries].sort((a, b) => a.number - b.number);
  const line = (entry: TocEntry): string =>
    `${entry.number}. [${entry.title}](${PAGES_DIR}/${entry.baseName}.md) — [carnet](${NOTEBOOKS_DIR}/${entry.baseName}.ipynb)` +
    (entry.result ? ` — ${entry.result}` : '');
  const lines: string[] = [
    `# ${COURSE_TITLE}`,
    '',
    `<!-- Fichier généré par « npm run render » à partir des titres des carnets (${NOTEBOOKS_DIR}/) et de ${OUTLINE_FILE} : ne le modifiez pas à la main. -->`,
    '',
    COURSE_SUMMARY,
    '',
    '## Parties du cours',
    '',
    ...(runSummary.length > 0 ? [...runSummary, ''] : []),
    ...sorted.filter((e) => e.number < BONUS_PART).map(line),
  ];
  const bonus = sorted.filter((e) => e.number >= BONUS_PART);
  if (bonus.length > 0) lines.push('', '### Partie bonus', '', ...bonus.map(line));
  lines.push('', '## Pour commencer', '', ...HOW_TO_START, '', '## Références', '', ...REFERENCES.map((r) => `- ${r}`));
  return `${lines.join('\n')}\n`;
}
