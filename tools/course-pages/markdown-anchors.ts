/**
 * The anchors a Markdown text offers to `#…` links: its headings, as GitHub names them (for the pages) and as
 * JupyterLab names them (for the notebooks), and explicit `<a id="…">` / `<a name="…">` anchors.
 */
import { proseLines } from './markdown-prose';

/** The heading texts of a Markdown text (ATX headings outside code blocks), markup removed. */
export function headingTexts(markdown: string): string[] {
  const headings: string[] = [];
  for (const { text } of proseLines(markdown)) {
    const match = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(text);
    if (!match) continue;
    headings.push(
      match[1]
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/<[^>]*>/g, '')
        .replace(/[`*]/g, '')
        .trim(),
    );
  }
  return headings;
}

/** GitHub's anchor for a heading: lower case, punctuation removed, each space a hyphen. */
export function githubAnchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** JupyterLab's anchor for a heading: the text as written, each space a hyphen. */
export function jupyterAnchor(heading: string): string {
  return heading.replace(/ /g, '-');
}

/** Every anchor a `#…` link may name in this text (GitHub and JupyterLab forms, numbered duplicates, explicit ids). */
export function markdownAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const heading of headingTexts(markdown)) {
    const base = githubAnchor(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
    anchors.add(jupyterAnchor(heading));
  }
  for (const match of markdown.matchAll(/<a\s[^>]*\b(?:id|name)\s*=\s*["']([^"']+)["']/gi)) anchors.add(match[1]);
  return anchors;
}
