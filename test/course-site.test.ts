/**
 * The offline HTML site and the PDF (tools/course-pages/course-site.ts, course-pdf.ts), built from the fixture
 * course and store: links and images resolve, byte-stable pages, French typography, figures drawn in Chromium
 * (screenshot), and a PDF with each part on its own page (poppler-utils' pdfinfo and pdftotext).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { frenchSpacing, launchChromium, PART_TITLES, siteLink } from '../tools';
import { fixtureBaseName, makeRenderedCourse } from './helpers/course-fixture';
import { writeFixtureStore } from './helpers/results-fixture';
import { runScript, type ScriptRun } from './helpers/run-script';

function render(root: string, flag: string): ScriptRun {
  return runScript('render-pages.ts', ['--root', root, flag]);
}

/** The site's HTML files and their text. */
function siteHtml(site: string): Map<string, string> {
  return new Map(
    fs
      .readdirSync(site)
      .filter((name) => name.endsWith('.html'))
      .sort()
      .map((name) => [name, fs.readFileSync(path.join(site, name), 'utf8')]),
  );
}

describe('offline HTML site and PDF', () => {
  let root = '';
  let site = '';
  before(async () => {
    root = await makeRenderedCourse();
    await writeFixtureStore(root, [11, 12, 20, 26]);
    const run = render(root, '--pdf');
    assert.equal(run.status, 0, run.stderr);
    site = path.join(root, 'site');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  test('siteLink(from, href) maps pages to their HTML, figures to site/figures and other files back into the repository', () => {
    assert.equal(siteLink('pages/12-x.md', '13-y.md'), '13-y.html');
    assert.equal(siteLink('pages/12-x.md', '../Tables-des-matieres.md'), 'index.html');
    assert.equal(siteLink('pages/12-x.md', 'figures/12-1-0123abcd.png'), 'figures/12-1-0123abcd.png');
    assert.equal(siteLink('pages/12-x.md', '../notebooks/12-x.ipynb#code'), '../notebooks/12-x.ipynb#code');
    assert.equal(siteLink('Tables-des-matieres.md', 'pages/12-x.md'), '12-x.html');
    assert.equal(siteLink('Tables-des-matieres.md', 'README.md'), '../README.md');
    assert.equal(siteLink('pages/12-x.md', '13-y.md', true), '#partie-13');
    assert.equal(siteLink('pages/12-x.md', 'https://example.org/a.md'), 'https://example.org/a.md');
  });

  test('frenchSpacing(html) puts no-break spaces before high punctuation and inside « », never in code', () => {
    assert.equal(
      frenchSpacing('<p>Partie 12 : « la figure » ; enfin ! <code>a ? b : c</code></p><pre>x : y ;</pre>'),
      '<p>Partie 12\u00a0: «\u202fla figure\u202f»\u202f; enfin\u202f! <code>a ? b : c</code></p><pre>x : y ;</pre>',
    );
  });

  test('the site has an index, one page per part with a sidebar and previous/next links, and every href and src resolves', () => {
    const pages = siteHtml(site);
    assert.equal(pages.size, PART_TITLES.length + 2);
    const page12 = pages.get(`${fixtureBaseName(12)}.html`)!;
    assert.match(page12, /<nav class="sidebar"[^>]*>/);
    assert.match(page12, new RegExp(`<li class="current"><a href="${fixtureBaseName(12)}\\.html">Visualisation de la reconstruction</a></li>`));
    assert.match(page12, new RegExp(`<a href="${fixtureBaseName(11)}\\.html">← Partie précédente\u00a0: `));
    assert.match(page12, new RegExp(`<a href="${fixtureBaseName(13)}\\.html">Partie suivante\u00a0: `));
    assert.match(page12, new RegExp(`<a href="\\.\\./notebooks/${fixtureBaseName(12)}\\.ipynb">Carnet</a>`));
    assert.match(page12, /<html lang="fr">/);
    let checked = 0;
    for (const [name, html] of pages) {
      const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
      for (const [, target] of html.matchAll(/(?:href|src)="([^"]+)"/g)) {
        if (/^[a-z]+:/i.test(target)) continue;
        const [file, anchor] = target.split('#');
        if (file === '') assert.ok(ids.has(anchor), `${name} → #${anchor}`);
        else assert.ok(fs.existsSync(path.join(site, decodeURI(file))), `${name} → ${target}`);
        checked += 1;
      }
    }
    assert.ok(checked > 1000, `${checked} links checked`);
  });

  test('a second build gives the same bytes for every page of the site', () => {
    const first = siteHtml(site);
    const run = render(root, '--site');
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(siteHtml(site), first);
  });

  test('opened from file:// in Chromium, a page draws its plotly figure and shows its PNG figure', { timeout: 60_000 }, async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      await page.route('**/*', (route) => (/^(file|data):/.test(route.request().url()) ? route.continue() : route.abort()));
      await page.goto(pathToFileURL(path.join(site, `${fixtureBaseName(12)}.html`)).href, { waitUntil: 'load' });
      await page.waitForSelector('#figure-1 .main-svg');
      const curve = await page.locator('#figure-1').screenshot();
      const { data, info } = await sharp(curve).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      let red = 0;
      for (let i = 0; i < data.length; i += info.channels) if (data[i] > 180 && data[i + 1] < 80 && data[i + 2] < 80) red += 1;
      assert.ok(red > 200, `the drawn loss curve (${red} red pixels in the screenshot)`);
      type LoadedImage = { naturalWidth: number; complete: boolean };
      const images = await page.locator('main img').evaluateAll((nodes) => nodes.map((n) => [(n as unknown as LoadedImage).naturalWidth, (n as unknown as LoadedImage).complete]));
      assert.deepEqual(images, [[64, true]]);
    } finally {
      await browser.close();
    }
  });

  test('the PDF has a table of contents, then each part on a new page (pdfinfo, pdftotext)', () => {
    const pdf = path.join(site, 'cours.pdf');
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
    assert.ok(pages >= PART_TITLES.length + 1, `${pages} pages`);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f');
    assert.match(text[0], /Table des matières/);
    for (let n = 1; n <= PART_TITLES.length; n += 1) {
      const starts = text.filter((pageText) => new RegExp(`^\\s*Partie ${n}\\s*:[^]*\\n\\s*Description\\n`).test(pageText));
      assert.equal(starts.length, 1, `part ${n} starts one page`);
    }
  });
});
