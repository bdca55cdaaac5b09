/**
 * A problem found by the translators' check: which file, which cell or line, what is wrong and what to do.
 */

/** One problem, located in a file (repo-relative path) and optionally a cell (1-based) or a line (1-based). */
export interface Problem {
  file: string;
  cell?: number;
  line?: number;
  /** French sentence(s): what is wrong, then what to do. */
  message: string;
}

/** Formats a problem as one French line: `fichier, cellule N : message`. */
export function formatProblem(problem: Problem): string {
  let where = problem.file;
  if (problem.cell !== undefined) where += `, cellule ${problem.cell}`;
  if (problem.line !== undefined) where += `, ligne ${problem.line}`;
  return `${where} : ${problem.message}`;
}

/** Shortens a line for quoting in a message: first 60 characters, on one line. */
export function quoteExcerpt(text: string, max = 60): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** Quotes about `max` characters of a line centred on character `index`, with … where text is cut. */
export function excerptAround(text: string, index: number, max = 60): string {
  if (text.length <= max) return quoteExcerpt(text, max);
  const start = Math.max(0, Math.min(index - Math.floor(max / 2), text.length - max));
  const end = Math.min(text.length, start + max);
  const middle = text.slice(start, end).replace(/\s+/g, ' ');
  return `${start > 0 ? '…' : ''}${middle}${end < text.length ? '…' : ''}`;
}

/** Index of the first character where two strings differ (the shorter length when one is a prefix). */
export function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  return i;
}
