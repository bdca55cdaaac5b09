/**
 * Interactive HTML version of the pages rendered with outputs: plotly figures drawn in the browser from their
 * JSON, with plotly.js copied next to the pages (works offline, from file://).
 */
import * as path from 'node:path';
import { PAGES_DIR, TOC_FILE } from './course-outline';
import { escapeHtml, markdownToHtml } from './markdown-html';
import type { RenderedCourse } from './render-course';

/** plotly.js bundle copied into the pages folder and loaded by the HTML pages. */
export const COURSE_PLOTLY_FILE = 'plotly.js';

const STYLE = [
  'body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.55;color:#1f2328;margin:0;background:#fff}',
  'main{max-width:960px;margin:0 auto;padding:1.5rem 1.25rem 4rem}',
  'pre{background:#f6f8fa;padding:.8rem 1rem;overflow-x:auto;border-radius:6px;font-size:.88rem;line-height:1.4}',
  'code{font-family:ui-monospace,"DejaVu Sans Mono",monospace}',
  'p code,li code,td code{background:#f0f2f4;padding:.1em .3em;border-radius:4px}',
  'pre code.language-text{color:#444}',
  'table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #d0d7de;padding:.3rem .6rem}',
  'img{max-width:100%}.figure{margin:1rem 0}',
  'blockquote{border-left:4px solid #d0d7de;margin:0;padding:0 1rem;color:#57606a}',
].join('\n');

/** `.md` links to generated files (pages, TOC) become `.html` links; other links are kept. */
function htmlLink(href: string): string {
  const match = /^([^#?]*?)([^/#?]+)\.md([#?].*)?$/.exec(href);
  if (!match) return href;
  const generated = match[2] === path.basename(TOC_FILE, '.md') || /^\d{2}-[a-z0-9-]+$/.test(match[2]);
  return generated && !/^[a-z]+:/i.test(href) ? `${match[1]}${match[2]}.html${match[3] ?? ''}` : href;
}

/** Wraps converted Markdown in a standalone HTML page. */
function htmlDocument(title: string, body: string, plotlySrc?: string): string {
  const script = plotlySrc ? `<script src="${escapeHtml(plotlySrc)}"></script>\n` : '';
  return (
    `<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>${escapeHtml(title)}</title>\n<style>\n${STYLE}\n</style>\n${script}</head>\n<body>\n<main>\n${body}\n</main>\n</body>\n</html>\n`
  );
}

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * Converts the rendered pages and TOC to HTML (paths relative to the output root: `pages/NN-….html`,
 * `Tables-des-matieres.html`); plotly figures become interactive, with their PNG as a fallback link.
 */
export function renderHtmlPages(rendered: RenderedCourse): Map<string, string> {
  const html = new Map<string, string>();
  for (const [file, markdown] of rendered.files) {
    const pageFigures = rendered.figures.filter((job) => job.page === file && job.kind === 'plotly');
    const byImage = new Map(pageFigures.map((job) => [path.posix.relative(path.posix.dirname(file), job.file), job]));
    const body = markdownToHtml(markdown, {
      link: htmlLink,
      image: (src, alt) => {
        const job = byImage.get(src);
        if (!job || job.kind !== 'plotly') return undefined;
        const id = `figure-${job.number}`;
        const layout = { ...(job.figure.layout ?? {}) };
        return (
          `<div class="figure" id="${id}" role="img" aria-label="${escapeHtml(alt)}"></div>\n` +
          `<script>Plotly.newPlot(${JSON.stringify(id)}, ${scriptJson(job.figure.data)}, ${scriptJson(layout)}, ${scriptJson({ ...(job.figure.config ?? {}), responsive: true })});</script>\n` +
          `<noscript><img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}"></noscript>`
        );
      },
    });
    const title = /^#\s+(.*)$/m.exec(markdown)?.[1] ?? file;
    const plotlySrc = pageFigures.length > 0 ? (file.startsWith(`${PAGES_DIR}/`) ? COURSE_PLOTLY_FILE : `${PAGES_DIR}/${COURSE_PLOTLY_FILE}`) : undefined;
    html.set(file.replace(/\.md$/, '.html'), htmlDocument(title, body, plotlySrc));
  }
  return html;
}
