/**
 * A small Markdown → HTML converter for the course's own pages (headings, paragraphs, lists, tables, quotes,
 * code blocks, emphasis, links, images, inline HTML tags). Not a general CommonMark implementation.
 */

/** Hooks: rewrite a link target; replace an image by custom HTML (return undefined to keep an <img>). */
export interface MarkdownHtmlOptions {
  link?: (href: string) => string;
  image?: (src: string, alt: string) => string | undefined;
}

/** Escapes &, <, >, " for HTML text and attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Inline HTML tags passed through as they are (anything else between < > is shown as text, e.g. `<dossier>`). */
const INLINE_TAG = /^<\/?(?:a|abbr|b|br|code|del|details|div|em|i|img|kbd|mark|p|small|span|strong|sub|summary|sup|u)(?:\s[^<>]*)?\/?>/i;

/** Converts inline Markdown (one paragraph's text) to HTML. */
export function inlineHtml(text: string, options: MarkdownHtmlOptions = {}): string {
  const link = options.link ?? ((href: string) => href);
  let out = '';
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    let m: RegExpExecArray | null;
    if ((m = /^(`+)([\s\S]*?[^`])\1(?!`)/.exec(rest))) {
      out += `<code>${escapeHtml(m[2].trim())}</code>`;
    } else if ((m = /^!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/.exec(rest))) {
      out += options.image?.(m[2], m[1]) ?? `<img src="${escapeHtml(link(m[2]))}" alt="${escapeHtml(m[1])}">`;
    } else if ((m = /^\[((?:[^\]\\]|\\.)*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/.exec(rest))) {
      out += `<a href="${escapeHtml(link(m[2]))}">${inlineHtml(m[1], options)}</a>`;
    } else if ((m = /^<(https?:\/\/[^>\s]+)>/.exec(rest))) {
      out += `<a href="${escapeHtml(m[1])}">${escapeHtml(m[1])}</a>`;
    } else if ((m = /^<!--[\s\S]*?-->/.exec(rest)) || (m = INLINE_TAG.exec(rest))) {
      out += m[0];
    } else if ((m = /^(\*\*|__)(?=\S)([\s\S]*?\S)\1/.exec(rest))) {
      out += `<strong>${inlineHtml(m[2], options)}</strong>`;
    } else if ((m = /^(\*|_)(?=\S)([\s\S]*?\S)\1(?![\w*])/.exec(rest)) && (m[1] === '*' || !/\w/.test(text[i - 1] ?? ''))) {
      out += `<em>${inlineHtml(m[2], options)}</em>`;
    } else if ((m = /^\\([\\`*_{}[\]()#+\-.!|<>])/.exec(rest))) {
      out += escapeHtml(m[1]);
    } else if ((m = /^ {2,}\n/.exec(rest))) {
      out += '<br>\n';
    } else {
      m = /^[\s\S]/.exec(rest)!;
      out += escapeHtml(m[0]);
    }
    i += m[0].length;
  }
  return out;
}

function splitRow(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).map((cell) => cell.trim());
}

/** Converts a Markdown document to HTML (block structure, then inline). */
export function markdownToHtml(markdown: string, options: MarkdownHtmlOptions = {}): string {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  const isBlockStart = (line: string): boolean =>
    /^\s{0,3}(#{1,6}\s|`{3,}|~{3,}|>|[-*+]\s|\d+[.)]\s|<!--|(?:-{3,}|\*{3,})\s*$)/.test(line) || /^\s*\|.*\|\s*$/.test(line);

  while (i < lines.length) {
    const line = lines[i];
    let m: RegExpExecArray | null;
    if (line.trim() === '') {
      i += 1;
    } else if ((m = /^\s{0,3}(`{3,}|~{3,})\s*([\w-]*)/.exec(line))) {
      const fence = m[1];
      const code: string[] = [];
      i += 1;
      while (i < lines.length && !(lines[i].trim().startsWith(fence[0].repeat(fence.length)) && lines[i].trim().replace(/[`~]/g, '') === '')) {
        code.push(lines[i]);
        i += 1;
      }
      i += 1;
      const cls = m[2] ? ` class="language-${escapeHtml(m[2])}"` : '';
      out.push(`<pre><code${cls}>${escapeHtml(code.join('\n'))}</code></pre>`);
    } else if ((m = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line))) {
      const level = m[1].length;
      out.push(`<h${level}>${inlineHtml(m[2], options)}</h${level}>`);
      i += 1;
    } else if (/^\s{0,3}(?:-{3,}|\*{3,})\s*$/.test(line)) {
      out.push('<hr>');
      i += 1;
    } else if (/^\s{0,3}<!--/.test(line)) {
      const block: string[] = [];
      while (i < lines.length) {
        block.push(lines[i]);
        i += 1;
        if (lines[i - 1].includes('-->')) break;
      }
      out.push(block.join('\n'));
    } else if (/^\s{0,3}>/.test(line)) {
      const quote: string[] = [];
      while (i < lines.length && /^\s{0,3}>/.test(lines[i])) {
        quote.push(lines[i].replace(/^\s{0,3}> ?/, ''));
        i += 1;
      }
      out.push(`<blockquote>\n${markdownToHtml(quote.join('\n'), options)}\n</blockquote>`);
    } else if (/^\s*\|.*\|\s*$/.test(line) && i + 1 < lines.length && /^\s*\|?\s*:?-{3,}/.test(lines[i + 1])) {
      const header = splitRow(line);
      const aligns = splitRow(lines[i + 1]).map((c) => (c.endsWith(':') ? (c.startsWith(':') ? 'center' : 'right') : c.startsWith(':') ? 'left' : ''));
      const cell = (tag: string, text: string, k: number): string =>
        `<${tag}${aligns[k] ? ` style="text-align:${aligns[k]}"` : ''}>${inlineHtml(text, options)}</${tag}>`;
      const rows: string[] = [`<thead><tr>${header.map((c, k) => cell('th', c, k)).join('')}</tr></thead>`];
      i += 2;
      const body: string[] = [];
      while (i < lines.length && /^\s*\|.*\|\s*$/.test(lines[i])) {
        body.push(`<tr>${splitRow(lines[i]).map((c, k) => cell('td', c, k)).join('')}</tr>`);
        i += 1;
      }
      out.push(`<table>${rows.join('')}<tbody>${body.join('')}</tbody></table>`);
    } else if ((m = /^(\s*)([-*+]|\d+[.)])\s+/.exec(line))) {
      const ordered = /\d/.test(m[2]);
      const start = ordered ? Number.parseInt(m[2], 10) : 1;
      const indent = m[1].length;
      const items: string[][] = [];
      while (i < lines.length) {
        const item = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/.exec(lines[i]);
        if (item && item[1].length === indent && /\d/.test(item[2]) === ordered) {
          items.push([item[3]]);
          i += 1;
        } else if (lines[i].trim() !== '' && (/^\s+/.exec(lines[i])?.[0].length ?? 0) > indent) {
          items[items.length - 1].push(lines[i].slice(Math.min(indent + 2, lines[i].length - lines[i].trimStart().length)));
          i += 1;
        } else if (lines[i].trim() === '' && i + 1 < lines.length && (/^(\s*)/.exec(lines[i + 1])![1].length > indent)) {
          items[items.length - 1].push('');
          i += 1;
        } else if (lines[i].trim() !== '' && !isBlockStart(lines[i]) && items.length > 0 && !/^\s*$/.test(lines[i - 1])) {
          items[items.length - 1].push(lines[i]);
          i += 1;
        } else break;
      }
      const tag = ordered ? 'ol' : 'ul';
      const startAttr = ordered && start !== 1 ? ` start="${start}"` : '';
      const html = items.map((item) => {
        const inner = markdownToHtml(item.join('\n'), options);
        const tight = inner.replace(/^<p>([\s\S]*?)<\/p>/, '$1');
        return `<li>${tight}</li>`;
      });
      out.push(`<${tag}${startAttr}>\n${html.join('\n')}\n</${tag}>`);
    } else {
      const para: string[] = [];
      while (i < lines.length && lines[i].trim() !== '' && (para.length === 0 || !isBlockStart(lines[i]))) {
        para.push(lines[i]);
        i += 1;
      }
      out.push(`<p>${inlineHtml(para.join('\n'), options)}</p>`);
    }
  }
  return out.join('\n');
}
