/**
 * Relative links in Markdown: finding them (outside code), resolving them, and rewriting notebook links for pages.
 */
import * as path from 'node:path';
import { maskInlineCode, proseLines } from './markdown-prose';

/** A link found in Markdown text: its raw target and 1-based line. */
export interface MarkdownLink {
  target: string;
  line: number;
}

const INLINE_LINK = /!?\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>\n]*>|[^()\s]+(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?\s*\)/g;
const REFERENCE_DEFINITION = /^\s{0,3}\[[^\]\n]+\]:\s*(<[^>\n]*>|\S+)/;

/** Lists the links of a Markdown text (inline links, images and reference definitions), skipping code. */
export function extractLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (const { line, text } of proseLines(markdown)) {
    const withoutCode = maskInlineCode(text);
    const definition = REFERENCE_DEFINITION.exec(withoutCode);
    if (definition) links.push({ target: definition[1], line });
    for (const match of withoutCode.matchAll(INLINE_LINK)) links.push({ target: match[1], line });
  }
  return links;
}

/** Removes the angle brackets a link target may be wrapped in. */
export function unwrap(target: string): string {
  return target.startsWith('<') && target.endsWith('>') ? target.slice(1, -1) : target;
}

/** True for a link to a file of the repository (no scheme, not protocol-relative, not a pure #anchor). */
export function isRelativeTarget(target: string): boolean {
  const t = unwrap(target).trim();
  if (t === '' || t.startsWith('#') || t.startsWith('//') || t.startsWith('/')) return false;
  return !/^[a-z][a-z0-9+.-]*:/i.test(t);
}

/** The file path a relative link points to, resolved from the folder of the file that holds it. */
export function resolveLinkTarget(fromDir: string, target: string): string {
  let t = unwrap(target).trim();
  t = t.replace(/[#?].*$/, '');
  try {
    t = decodeURI(t);
  } catch {
    // keep the raw text: a malformed escape simply will not resolve
  }
  return path.resolve(fromDir, t);
}

/** Applies `map` to the target of every inline link and image outside code blocks (returning the target unchanged keeps it). */
export function mapLinkTargets(markdown: string, map: (target: string) => string): string {
  let fence: string | undefined;
  return markdown
    .split('\n')
    .map((line) => {
      const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
      if (fence !== undefined) {
        if (fenceMatch && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length) fence = undefined;
        return line;
      }
      if (fenceMatch) {
        fence = fenceMatch[1];
        return line;
      }
      return line.replace(INLINE_LINK, (whole: string, target: string) => {
        const bare = unwrap(target);
        const mapped = map(bare);
        if (mapped === bare) return whole;
        return whole.replace(target, target.startsWith('<') || /\s/.test(mapped) ? `<${mapped}>` : mapped);
      });
    })
    .join('\n');
}

/**
 * Rewrites links from one notebook to a sibling notebook (`07-x.ipynb`, `./07-x.ipynb#ancre`) so that they
 * point to the sibling page (`07-x.md`): pages live side by side like notebooks do. Code blocks are left alone.
 */
export function rewriteNotebookLinks(markdown: string): string {
  return mapLinkTargets(markdown, (target) => {
    const match = /^(\.\/)?(\d{2}-[a-z0-9-]+)\.ipynb(#.*)?$/.exec(target);
    return match ? `${match[1] ?? ''}${match[2]}.md${match[3] ?? ''}` : target;
  });
}

/**
 * For pages written outside the repository (pages with outputs): relative links to files that are not in the
 * output folder are rewritten to reach the repository's copy (e.g. `../README.md` → `../../../README.md`).
 * `file` is the page's path relative to both roots; `present` tells whether a path (relative to outRoot) exists there.
 */
export function relinkToRepository(markdown: string, file: string, outRoot: string, repoRoot: string, present: (rel: string) => boolean): string {
  const fromOut = path.dirname(path.join(outRoot, file));
  return mapLinkTargets(markdown, (target) => {
    if (!isRelativeTarget(target)) return target;
    const resolved = resolveLinkTarget(fromOut, target);
    const rel = path.relative(outRoot, resolved);
    if (rel.startsWith('..') || present(rel.split(path.sep).join('/'))) return target;
    const suffix = /[#?].*$/.exec(target)?.[0] ?? '';
    return path.relative(fromOut, path.join(repoRoot, rel)).split(path.sep).join('/') + suffix;
  });
}
