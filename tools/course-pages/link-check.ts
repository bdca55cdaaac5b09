/**
 * Checks the relative links of a Markdown text: the file exists (or `npm run render` will generate it) and the
 * `#anchor`, when there is one, names a heading of the target (or of the same file for a bare `#anchor`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { githubAnchor, headingTexts, markdownAnchors } from './markdown-anchors';
import { extractLinks, isRelativeTarget, resolveLinkTarget, unwrap } from './markdown-links';
import { Problem, quoteExcerpt } from './problem';

/** What links may point to, paths relative to the course root. */
export interface LinkTargets {
  root: string;
  /** Files that count as present although they may not exist yet (render generates them). */
  generated: ReadonlySet<string>;
  /** Markdown text of files whose anchors are not read from disk: rendered pages, notebooks (their Markdown cells). */
  texts: ReadonlyMap<string, string>;
}

/** Path with forward slashes, relative to root (for messages). */
function relativePosix(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

const anchorCache = new WeakMap<LinkTargets, Map<string, Set<string> | undefined>>();

/** Markdown text of a target (known text, or a .md file on disk), or undefined when its anchors cannot be known. */
function targetText(targets: LinkTargets, rel: string): string | undefined {
  const known = targets.texts.get(rel);
  if (known !== undefined) return known;
  const full = path.join(targets.root, rel);
  return rel.endsWith('.md') && fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : undefined;
}

/** The anchors of a target, cached per LinkTargets. */
function anchorsOf(targets: LinkTargets, rel: string): Set<string> | undefined {
  let cache = anchorCache.get(targets);
  if (!cache) anchorCache.set(targets, (cache = new Map()));
  if (!cache.has(rel)) {
    const text = targetText(targets, rel);
    cache.set(rel, text === undefined ? undefined : markdownAnchors(text));
  }
  return cache.get(rel);
}

/** Decodes a URL-escaped anchor, keeping the raw text when it is malformed. */
function decodeAnchor(anchor: string): string {
  try {
    return decodeURIComponent(anchor);
  } catch {
    return anchor;
  }
}

/** Problems for the links of `markdown`, held by `file` (path relative to the root); `where` locates a line. */
export function checkLinks(
  markdown: string,
  file: string,
  targets: LinkTargets,
  where: (line: number) => Pick<Problem, 'file' | 'cell' | 'line'>,
): Problem[] {
  const problems: Problem[] = [];
  const fromDir = path.dirname(path.join(targets.root, file));
  for (const link of extractLinks(markdown)) {
    const raw = unwrap(link.target).trim();
    const hash = raw.indexOf('#');
    const filePart = (hash === -1 ? raw : raw.slice(0, hash)).replace(/\?.*$/, '');
    const anchor = hash === -1 ? '' : raw.slice(hash + 1);
    if (filePart !== '' && !isRelativeTarget(raw)) continue;
    const rel = filePart === '' ? file : relativePosix(targets.root, resolveLinkTarget(fromDir, filePart));
    if (filePart !== '' && !fs.existsSync(path.join(targets.root, rel)) && !targets.generated.has(rel)) {
      problems.push({
        ...where(link.line),
        message: `le lien « ${quoteExcerpt(link.target)} » ne mène à aucun fichier (${rel} n'existe pas). Corrigez le chemin (il est relatif au dossier du fichier) ou retirez le lien.`,
      });
      continue;
    }
    if (anchor === '' || !/\.(md|ipynb)$/.test(rel)) continue;
    const anchors = anchorsOf(targets, rel);
    if (anchors === undefined || anchors.has(decodeAnchor(anchor))) continue;
    const available = headingTexts(targetText(targets, rel) ?? '').map((h) => `#${githubAnchor(h)}`);
    const shown = available.length > 0 ? ` (ancres possibles : ${available.slice(0, 6).join(', ')}${available.length > 6 ? '…' : ''})` : '';
    const inFile = filePart === '' ? 'de ce fichier' : `de ${rel}`;
    problems.push({
      ...where(link.line),
      message:
        `le lien « ${quoteExcerpt(link.target)} » vise l'ancre « #${quoteExcerpt(anchor, 40)} », qui ne correspond à aucun titre ${inFile}${shown}. ` +
        "Une ancre reprend un titre en minuscules, sans ponctuation, les espaces remplacées par des tirets : corrigez l'ancre ou retirez-la.",
    });
  }
  return problems;
}
