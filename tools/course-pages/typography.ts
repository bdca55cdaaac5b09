/**
 * French typography of a notebook's Markdown prose (CONTRIBUTING.md, section 5): a space before : ; ! ?,
 * spaces inside « », no straight double quotes around text. Code, URLs, links' destinations and HTML are skipped.
 */
import { cellSource, Notebook } from '../notebook-format';
import { MASK, proseLines } from './markdown-prose';
import { excerptAround, Problem } from './problem';

/** Spaces accepted before high punctuation and inside « »: normal, non-breaking, narrow non-breaking, thin. */
const SPACE = /[ \t\u00a0\u202f\u2009]/;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const TABLE_DELIMITER_ROW = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/** A typography finding in one line: character index and French message (without location). */
export interface TypographyFinding {
  index: number;
  message: string;
}

/** The word (or the few characters) just before `index`, to show the fix. */
function wordBefore(text: string, index: number): string {
  const match = /\S{1,25}$/.exec(text.slice(0, index));
  return match ? match[0] : '';
}

/** Checks one line of prose (`prose` is `text` with non-prose masked); returns the findings. */
export function checkTypographyLine(text: string, prose: string): TypographyFinding[] {
  if (TABLE_DELIMITER_ROW.test(prose)) return [];
  const findings: TypographyFinding[] = [];
  const excerpt = (index: number): string => excerptAround(text, index, 50);
  for (let i = 0; i < prose.length; i += 1) {
    const ch = prose[i];
    const previous = i > 0 ? prose[i - 1] : ' ';
    const next = i + 1 < prose.length ? prose[i + 1] : ' ';
    if (':;!?'.includes(ch)) {
      // Not sentence punctuation: start of line, already spaced, inside a word or number (10:30, a::b), ?!, ![image].
      if (i === 0 || SPACE.test(previous) || WORD_CHAR.test(next) || next === ch || next === MASK) continue;
      if ('?!'.includes(previous) && '?!'.includes(ch)) continue;
      if (ch === '!' && next === '[') continue;
      findings.push({
        index: i,
        message:
          `typographie : il manque une espace avant « ${ch} » dans « ${excerpt(i)} ». ` +
          `Écrivez « ${wordBefore(text, i)} ${ch} » (espace insécable de préférence ; voir CONTRIBUTING.md, section 5).`,
      });
    } else if (ch === '«' && !SPACE.test(next) && next !== MASK) {
      findings.push({
        index: i,
        message: `typographie : il manque une espace après « « » dans « ${excerpt(i)} ». Mettez une espace (insécable de préférence) entre le guillemet ouvrant et le texte.`,
      });
    } else if (ch === '»' && !SPACE.test(previous) && previous !== MASK && i > 0) {
      findings.push({
        index: i,
        message: `typographie : il manque une espace avant « » » dans « ${excerpt(i)} ». Mettez une espace (insécable de préférence) entre le texte et le guillemet fermant.`,
      });
    }
  }
  for (const match of prose.matchAll(/"([^"]*)"/g)) {
    if (!/\p{L}/u.test(match[1])) continue;
    findings.push({
      index: match.index ?? 0,
      message: `typographie : guillemets droits autour de « ${match[1].trim()} » dans « ${excerpt(match.index ?? 0)} ». Remplacez-les par des guillemets français, avec une espace à l'intérieur : « ${match[1].trim()} ».`,
    });
  }
  return findings.sort((a, b) => a.index - b.index);
}

/** Checks the typography of every Markdown cell of a notebook; `file` is the path used in messages. */
export function checkTypography(notebook: Notebook, file: string): Problem[] {
  const problems: Problem[] = [];
  notebook.cells.forEach((cell, index) => {
    if (cell.cell_type !== 'markdown') return;
    for (const line of proseLines(cellSource(cell))) {
      for (const finding of checkTypographyLine(line.text, line.prose)) problems.push({ file, cell: index + 1, message: finding.message });
    }
  });
  return problems;
}
