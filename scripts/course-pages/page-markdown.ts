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
} from './course-outline';
import { rewriteNotebookLinks } from './markdown-links';
import { cellSource, Notebook } from './notebook-file';

/** Markdown blocks to insert after a code cell (its outputs), given the cell's 0-based index. */
export type OutputBlocks = (cellIndex: number) => string[];

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

/**
 * Renders one part's page: markdown cells as they are (notebook links → page links), code cells as
 * ```typescript blocks, each followed by its outputs when `outputs` is given; a generated-file note after the title.
 */
export function renderPageMarkdown(notebook: Notebook, notebookFile: string, outputs?: OutputBlocks): string {
  const blocks: string[] = [];
  notebook.cells.forEach((cell, index) => {
    const text = tidyCellText(cellSource(cell));
    if (cell.cell_type === 'markdown') {
      if (text !== '') blocks.push(rewriteNotebookLinks(text));
    } else if (cell.cell_type === 'code') {
      if (text !== '') blocks.push(fencedBlock(text.replace(/^\n+/, ''), 'typescript'));
      if (outputs) blocks.push(...outputs(index));
    }
  });
  blocks.splice(Math.min(1, blocks.length), 0, generatedNote(notebookFile));
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
}

/** Renders Tables-des-matieres.md from the parts' titles (read from the notebooks) and the outline's text. */
export function renderTocMarkdown(entries: readonly TocEntry[]): string {
  const sorted = [...entries].sort((a, b) => a.number - b.number);
  const line = (entry: TocEntry): string =>
    `${entry.number}. [${entry.title}](${PAGES_DIR}/${entry.baseName}.md) — [carnet](${NOTEBOOKS_DIR}/${entry.baseName}.ipynb)`;
  const lines: string[] = [
    `# ${COURSE_TITLE}`,
    '',
    `<!-- Fichier généré par « npm run render » à partir des titres des carnets (${NOTEBOOKS_DIR}/) et de ${OUTLINE_FILE} : ne le modifiez pas à la main. -->`,
    '',
    COURSE_SUMMARY,
    '',
    '## Parties du cours',
    '',
    ...sorted.filter((e) => e.number < BONUS_PART).map(line),
  ];
  const bonus = sorted.filter((e) => e.number >= BONUS_PART);
  if (bonus.length > 0) lines.push('', '### Partie bonus', '', ...bonus.map(line));
  lines.push('', '## Pour commencer', '', ...HOW_TO_START, '', '## Références', '', ...REFERENCES.map((r) => `- ${r}`));
  return `${lines.join('\n')}\n`;
}
