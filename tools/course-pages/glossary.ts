/**
 * The glossary's forbidden variants: read from the `à éviter` column of Glossaire.md's tables, then looked for
 * as whole words in notebook Markdown prose and in the strings of figure titles. A variant in italics
 * (`*MSE*`) is the English term quoted (CONTRIBUTING.md, section 5), not a use, and passes.
 */
import { figureTitleStrings } from './figure-titles';
import { cellSource, Notebook } from '../notebook-format';
import { proseLines } from './markdown-prose';
import { excerptAround, Problem } from './problem';

/** Glossary file at the course root. */
export const GLOSSARY_FILE = 'Glossaire.md';

/** Header of the column that lists a term's forbidden variants. */
export const AVOID_COLUMN = 'à éviter';

/** A forbidden variant and the glossary term to use instead. */
export interface ForbiddenVariant {
  variant: string;
  term: string;
  pattern: RegExp;
}

/** Splits a Markdown table row into trimmed cells (`| a | b |` → ['a', 'b']). */
function tableCells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((cell) => cell.trim());
}

/** A case-insensitive whole-word pattern for a variant (spaces inside it match any space). */
function wholeWord(variant: string): RegExp {
  const body = variant
    .split(/\s+/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}_])${body}(?![\\p{L}\\p{N}_])`, 'giu');
}

/** Reads the forbidden variants of Glossaire.md, and problems for `à éviter` cells not written as « a », « b ». */
export function readGlossary(markdown: string): { variants: ForbiddenVariant[]; problems: Problem[] } {
  const variants: ForbiddenVariant[] = [];
  const problems: Problem[] = [];
  let avoidColumn = -1;
  markdown.split('\n').forEach((line, index) => {
    if (!line.trim().startsWith('|')) {
      avoidColumn = -1;
      return;
    }
    const cells = tableCells(line);
    if (cells.every((cell) => /^:?-+:?$/.test(cell))) return;
    if (avoidColumn === -1 && cells.includes(AVOID_COLUMN)) {
      avoidColumn = cells.indexOf(AVOID_COLUMN);
      return;
    }
    const avoid = avoidColumn === -1 ? '' : (cells[avoidColumn] ?? '');
    if (avoid === '') return;
    if (!/^«\s*[^«»,]+?\s*»(\s*,\s*«\s*[^«»,]+?\s*»)*$/.test(avoid)) {
      problems.push({
        file: GLOSSARY_FILE,
        line: index + 1,
        message: `la colonne « ${AVOID_COLUMN} » contient « ${avoid} » : écrivez chaque variante entre « », séparées par des virgules (« ACP », « écrêtage »), ou laissez la case vide.`,
      });
      return;
    }
    const term = cells[0].replace(/[*`_]/g, '');
    for (const match of avoid.matchAll(/«\s*([^«»]+?)\s*»/g)) variants.push({ variant: match[1], term, pattern: wholeWord(match[1]) });
  });
  return { variants, problems };
}

/** Italic spans (`*MSE*`, `_MSE_`, not bold): a term in italics is the English word quoted, not used. */
const ITALIC = /(?<![*\p{L}\p{N}])\*(?![*\s])([^*]+?)\*(?![*\p{L}\p{N}])|(?<![_\p{L}\p{N}])_(?![_\s])([^_]+?)_(?![_\p{L}\p{N}])/gu;

/** The forbidden variants found in `text` outside italics, with the index of each occurrence. */
function findVariants(text: string, variants: readonly ForbiddenVariant[]): { variant: ForbiddenVariant; index: number; found: string }[] {
  const italics = [...text.matchAll(ITALIC)].map((m) => [m.index ?? 0, (m.index ?? 0) + m[0].length]);
  return variants.flatMap((variant) =>
    [...text.matchAll(variant.pattern)]
      .filter((match) => !italics.some(([start, end]) => (match.index ?? 0) >= start && (match.index ?? 0) < end))
      .map((match) => ({ variant, index: match.index ?? 0, found: match[0] })),
  );
}

/** Problems for forbidden variants in a notebook's Markdown prose and figure titles; `file` is the path used in messages. */
export function checkGlossaryTerms(notebook: Notebook, file: string, variants: readonly ForbiddenVariant[]): Problem[] {
  if (variants.length === 0) return [];
  const problems: Problem[] = [];
  const report = (cell: number, text: string, hit: { variant: ForbiddenVariant; index: number; found: string }, where: string): void => {
    problems.push({
      file,
      cell: cell + 1,
      message:
        `glossaire : « ${hit.found.replace(/\s+/g, ' ')} » est une variante à éviter (${GLOSSARY_FILE}) ; écrivez « ${hit.variant.term} »${where} : « ${excerptAround(text, hit.index, 50)} ».`,
    });
  };
  notebook.cells.forEach((cell, index) => {
    const source = cellSource(cell);
    if (cell.cell_type === 'markdown') {
      for (const line of proseLines(source)) {
        for (const hit of findVariants(line.prose, variants)) report(index, line.text, hit, '');
      }
    } else if (cell.cell_type === 'code') {
      for (const title of figureTitleStrings(source)) {
        for (const hit of findVariants(title, variants)) report(index, title, hit, ' dans ce titre de figure');
      }
    }
  });
  return problems;
}
