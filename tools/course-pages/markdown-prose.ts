/**
 * The prose of a Markdown text: its lines outside code blocks, with code spans, URLs, link destinations and
 * HTML masked (same length, so positions still point into the original line). Used by the link, typography
 * and glossary checks.
 */

/** A line of Markdown outside code blocks: its text, 1-based number, and the prose-only copy. */
export interface ProseLine {
  line: number;
  text: string;
  /** `text` with code spans, URLs, link destinations, HTML tags and comments replaced by MASK (same length). */
  prose: string;
}

/** The character that stands for masked text: neither a letter nor a space. */
export const MASK = '\ue000';

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

/** Replaces each character of the matches of `pattern` (in group `group`, default the whole match) by `fill`. */
function maskMatches(text: string, pattern: RegExp, fill: string, group = 0): string {
  return text.replace(pattern, (...args: unknown[]) => {
    const whole = args[0] as string;
    const part = args[group] as string | undefined;
    if (part === undefined) return whole;
    const at = whole.indexOf(part);
    return whole.slice(0, at) + fill.repeat(part.length) + whole.slice(at + part.length);
  });
}

/** Replaces inline code spans (`…`, ``…``) by `fill` characters, keeping the line's length. */
export function maskInlineCode(line: string, fill = ' '): string {
  return line.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (span) => fill.repeat(span.length));
}

/** Masks what is not prose in a line: code spans, HTML, autolinks and bare URLs, link destinations and titles. */
export function maskNonProse(line: string): string {
  let text = maskInlineCode(line, MASK);
  text = maskMatches(text, /<!--.*?(?:-->|$)/g, MASK);
  text = maskMatches(text, /<\/?[a-zA-Z][^<>]*>/g, MASK);
  text = maskMatches(text, /<[a-zA-Z][a-zA-Z0-9+.-]*:[^<>\s]*>/g, MASK);
  text = maskMatches(text, /\b(?:https?|ftp):\/\/[^\s<>()]*(?:\([^\s<>()]*\)[^\s<>()]*)*/g, MASK);
  text = maskMatches(text, /\bwww\.[^\s<>()]+/g, MASK);
  text = maskMatches(text, /\]\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g, MASK, 1);
  text = maskMatches(text, /^(\s{0,3}\[[^\]]+\]:.*)$/g, MASK, 1);
  return text;
}

/**
 * Lists the lines of a Markdown text that are outside fenced code blocks and indented code blocks (an indented
 * line after a blank line or after another indented code line), with their prose-only copy.
 */
export function proseLines(markdown: string): ProseLine[] {
  const lines: ProseLine[] = [];
  let fence: string | undefined;
  let previousBlankOrCode = true;
  markdown.split('\n').forEach((text, index) => {
    const fenceMatch = FENCE.exec(text);
    if (fence !== undefined) {
      if (fenceMatch && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length) fence = undefined;
      previousBlankOrCode = true;
      return;
    }
    if (fenceMatch) {
      fence = fenceMatch[1];
      return;
    }
    if (text.trim() === '') {
      previousBlankOrCode = true;
      return;
    }
    if (previousBlankOrCode && /^( {4}|\t)/.test(text)) return; // indented code block line
    previousBlankOrCode = false;
    lines.push({ line: index + 1, text, prose: maskNonProse(text) });
  });
  return lines;
}
