/**
 * The offline HTML site (`site/`, not committed): the rendered pages as HTML with a sidebar table of contents,
 * previous/next links, interactive plotly figures (plotly.js copied beside the pages, so it opens from file://),
 * French typography and readable code; plus the one-document print version from which the PDF is made.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PAGES_DIR, TOC_FILE, COURSE_TITLE } from './course-outline';
import type { Figure } from '../../src/viz/types';
import { scriptSafeJson } from '../../src/viz/figure-html';
import { escapeHtml, markdownToHtml } from './markdown-html';
import { isNavigationLine } from './page-markdown';
import type { RenderedCourse } from './render-course';
import { FIGURES_DIR, ResultsStore } from './results-store';

/** Folder of the site, relative to the course root. */
export const SITE_DIR = 'site';
/** The site's home page (the table of contents). */
export const SITE_INDEX = 'index.html';
/** The print version of the whole course, and the PDF made from it. */
export const SITE_PRINT = 'cours-impression.html';
export const SITE_PDF = 'cours.pdf';
/** plotly.js, copied into the site. */
export const SITE_PLOTLY = 'plotly.js';

const STYLE = `
:root{--text:#1f2328;--muted:#57606a;--line:#d0d7de;--code-bg:#f6f8fa;--accent:#0b5cad}
*{box-sizing:border-box}
body{font-family:"DejaVu Serif",Georgia,serif;line-height:1.6;color:var(--text);margin:0;background:#fff;hyphens:auto;-webkit-hyphens:auto}
a{color:var(--accent)}
.layout{display:flex;min-height:100vh}
nav.sidebar{flex:0 0 17rem;border-right:1px solid var(--line);padding:1rem;font:0.9rem/1.4 "DejaVu Sans",system-ui,sans-serif;background:#fafbfc;position:sticky;top:0;height:100vh;overflow-y:auto}
nav.sidebar ol{padding-left:1.6rem;margin:0.5rem 0}
nav.sidebar li{margin:0.25rem 0}
nav.sidebar .current{font-weight:bold}
main{flex:1;min-width:0;max-width:56rem;padding:1.5rem 2rem 4rem}
h1,h2,h3{font-family:"DejaVu Sans",system-ui,sans-serif;line-height:1.25}
pre{background:var(--code-bg);border:1px solid var(--line);padding:0.8rem 1rem;overflow-x:auto;border-radius:6px;font-size:0.9rem;line-height:1.45;tab-size:2}
code{font-family:"DejaVu Sans Mono",ui-monospace,monospace;hyphens:none}
p code,li code,td code{background:#eff1f3;padding:0.1em 0.3em;border-radius:4px;font-size:0.9em}
pre code.language-text{color:#24292f}
pre:has(code.language-text){background:#fff;border-left:4px solid #8c959f}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid var(--line);padding:0.3rem 0.6rem}
img{max-width:100%;height:auto}
.figure{margin:1rem 0;min-height:2rem}
blockquote{border-left:4px solid #d4a72c;background:#fff8e1;margin:1rem 0;padding:0.4rem 1rem}
@media (max-width:50rem){.layout{display:block}nav.sidebar{position:static;height:auto;border-right:0;border-bottom:1px solid var(--line)}}
@media print{
  body{font-size:10.5pt}
  .part{break-before:page}
  .print-toc{list-style:none;padding-left:0;font-size:9.5pt;line-height:1.3}
  pre{white-space:pre-wrap;word-break:break-word;break-inside:avoid}
  img{break-inside:avoid;max-height:22cm}
  a{color:inherit;text-decoration:none}
}
`.trim();

/** Where a generated Markdown file lands in the site: the TOC → index.html, `pages/NN-….md` → `NN-….html`. */
function siteFileOf(rootRelative: string): string | undefined {
  if (rootRelative === TOC_FILE) return SITE_INDEX;
  const match = new RegExp(`^${PAGES_DIR}/(\\d{2}-[a-z0-9-]+)\\.md$`).exec(rootRelative);
  return match ? `${match[1]}.html` : undefined;
}

/**
 * Rewrites a relative link of the Markdown file `from` (root-relative) for the site: generated pages → their
 * HTML, stored figures → `figures/…`, any other repository file → a path from site/ back into the repository.
 */
export function siteLink(from: string, href: string, print = false): string {
  if (/^[a-z][a-z0-9+.-]*:|^#|^\/\//i.test(href)) return href;
  const [target, anchor = ''] = href.split(/(?=[#?])/);
  const rootRelative = path.posix.normalize(path.posix.join(path.posix.dirname(from), target));
  const page = siteFileOf(rootRelative);
  if (page) {
    if (!print) return `${page}${anchor}`;
    return page === SITE_INDEX ? '#table-des-matieres' : `#partie-${page.slice(0, 2)}`;
  }
  if (rootRelative.startsWith(`${FIGURES_DIR}/`)) return `figures/${path.posix.basename(rootRelative)}`;
  return `../${rootRelative}${anchor}`;
}

/** French typography in HTML text (outside code, scripts and tags): no-break spaces before « ; : ! ? » and inside « ». */
export function frenchSpacing(html: string): string {
  return html
    .split(/(<pre[\s\S]*?<\/pre>|<code[\s\S]*?<\/code>|<script[\s\S]*?<\/script>|<[^>]*>)/)
    .map((piece, i) => {
      if (i % 2 === 1) return piece;
      return piece
        .replace(/ ([;!?»])/g, '\u202f$1')
        .replace(/ :(?=\s|$)/g, '\u00a0:')
        .replace(/« /g, '«\u202f');
    })
    .join('');
}

/** The plotly JSON of each stored figure, by its path relative to pages/ (`figures/…png`). */
function plotlyByFigure(store: ResultsStore | undefined): Map<string, Figure> {
  const map = new Map<string, Figure>();
  for (const entry of store?.parts.values() ?? []) {
    for (const outputs of entry.cells) for (const output of outputs) if ('figure' in output && output.plotly) map.set(output.figure, output.plotly);
  }
  return map;
}

/** The parts, in order, as (site file, title) for the sidebar and the print TOC. */
function partList(rendered: RenderedCourse): { file: string; number: string; title: string; markdown: string }[] {
  return [...rendered.files.entries()]
    .filter(([file]) => file !== TOC_FILE)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, markdown]) => ({
      file: siteFileOf(file)!,
      number: path.posix.basename(file).slice(0, 2),
      title: /^#\s+(.*)$/m.exec(markdown)?.[1] ?? file,
      markdown,
    }));
}

/** The sidebar table of contents, `current` marked. */
function sidebar(parts: ReturnType<typeof partList>, current: string): string {
  const items = parts.map(
    (p) => `<li${p.file === current ? ' class="current"' : ''}><a href="${p.file}">${escapeHtml(p.title.replace(/^Partie \d+ : /, ''))}</a></li>`,
  );
  return `<nav class="sidebar" aria-label="Table des matières"><a href="${SITE_INDEX}"><strong>${escapeHtml(COURSE_TITLE)}</strong></a>\n<ol>\n${items.join('\n')}\n</ol>\n</nav>`;
}

/** A standalone HTML document. */
function htmlDocument(title: string, body: string, withPlotly: boolean): string {
  const script = withPlotly ? `<script src="${SITE_PLOTLY}"></script>\n` : '';
  return (
    `<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>${escapeHtml(title)}</title>\n<style>\n${STYLE}\n</style>\n${script}</head>\n<body>\n${body}\n</body>\n</html>\n`
  );
}

/** Converts one Markdown file (root-relative `from`) to HTML for the site; plotly figures become interactive when `plotly` is given. */
function pageBody(from: string, markdown: string, plotly: Map<string, Figure> | undefined, print: boolean, onPlotly: () => void): string {
  let figureId = 0;
  const html = markdownToHtml(markdown, {
    link: (href) => siteLink(from, href, print),
    image: (src, alt) => {
      const file = siteLink(from, src, print);
      const figure = plotly?.get(path.posix.relative(PAGES_DIR, path.posix.join(path.posix.dirname(from), src)));
      if (!figure) return `<img src="${escapeHtml(file)}" alt="${escapeHtml(alt)}">`;
      onPlotly();
      figureId += 1;
      const id = `figure-${figureId}`;
      return (
        `<div class="figure" id="${id}" role="img" aria-label="${escapeHtml(alt)}"></div>\n` +
        `<script>Plotly.newPlot(${JSON.stringify(id)}, ${scriptSafeJson(figure.data)}, ${scriptSafeJson(figure.layout ?? {})}, ${scriptSafeJson({ ...(figure.config ?? {}), responsive: true })});</script>\n` +
        `<noscript><img src="${escapeHtml(file)}" alt="${escapeHtml(alt)}"></noscript>`
      );
    },
  });
  return frenchSpacing(html);
}

/**
 * The site's files (paths relative to site/): index.html, one page per part, the print version; the figures
 * and plotly.js are listed as files to copy (`copies`: site path → absolute source path).
 */
export function renderSite(rendered: RenderedCourse, store: ResultsStore | undefined, root: string): { files: Map<string, string>; copies: Map<string, string> } {
  const files = new Map<string, string>();
  const copies = new Map<string, string>();
  const plotly = plotlyByFigure(store);
  const parts = partList(rendered);
  let usesPlotly = false;
  for (const [from, markdown] of rendered.files) {
    const file = siteFileOf(from)!;
    let pagePlotly = false;
    const body = pageBody(from, markdown, plotly, false, () => (pagePlotly = true));
    usesPlotly ||= pagePlotly;
    const title = /^#\s+(.*)$/m.exec(markdown)?.[1] ?? COURSE_TITLE;
    files.set(file, htmlDocument(title, `<div class="layout">\n${sidebar(parts, file)}\n<main>\n${body}\n</main>\n</div>`, pagePlotly));
    for (const match of markdown.matchAll(/!\[[^\]]*\]\((figures\/[^)\s]+\.png)\)/g)) {
      copies.set(match[1], path.join(root, PAGES_DIR, match[1]));
    }
  }
  if (usesPlotly) copies.set(SITE_PLOTLY, require.resolve('plotly.js-dist/plotly.js'));

  const toc = rendered.files.get(TOC_FILE);
  const printParts = parts.map((p) => {
    const markdown = p.markdown
      .split('\n')
      .filter((line) => !isNavigationLine(line))
      .join('\n');
    const from = `${PAGES_DIR}/${p.file.replace(/\.html$/, '.md')}`;
    return `<section class="part" id="partie-${p.number}">\n${pageBody(from, markdown, undefined, true, () => undefined)}\n</section>`;
  });
  const printToc = parts.map((p) => `<li><a href="#partie-${p.number}">${escapeHtml(p.title)}</a></li>`).join('\n');
  // The print version opens with the TOC's title, summary and run paragraph (up to its first part line).
  const introMarkdown = toc ? toc.slice(0, toc.search(/^\d+\. \[/m)).replace('## Parties du cours', '') : `# ${COURSE_TITLE}`;
  const intro = pageBody(TOC_FILE, introMarkdown, undefined, true, () => undefined);
  files.set(
    SITE_PRINT,
    htmlDocument(COURSE_TITLE, `<main>\n${intro}\n<h2 id="table-des-matieres">Table des matières</h2>\n<ol class="print-toc">\n${printToc}\n</ol>\n${printParts.join('\n')}\n</main>`, false),
  );
  return { files, copies };
}

/** Writes the site under `<root>/site/` (each file atomically) and removes files the site no longer has. */
export function writeSite(root: string, site: { files: Map<string, string>; copies: Map<string, string> }, write: (file: string, content: string | Buffer) => void): string[] {
  const dir = path.join(root, SITE_DIR);
  const keep = new Set([...site.files.keys(), ...site.copies.keys(), SITE_PDF]);
  for (const [file, content] of site.files) write(path.join(dir, file), content);
  for (const [file, source] of site.copies) write(path.join(dir, file), fs.readFileSync(source));
  const removed: string[] = [];
  const walk = (sub: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.posix.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (!keep.has(rel)) {
        fs.rmSync(path.join(dir, rel));
        removed.push(rel);
      }
    }
  };
  if (fs.existsSync(dir)) walk('');
  return removed;
}
