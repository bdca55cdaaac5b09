/**
 * Rendering the course pages (scripts/render-pages.ts and scripts/course-pages/): page layout, TOC, determinism,
 * outputs of executed copies, PNG figures through headless Chromium, HTML pages.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanTerminalText, collectPageOutputs, MAX_OUTPUT_LINES } from '../scripts/course-pages/cell-outputs';
import { FIGURE_MIME } from '../src/viz/figure-html';
import { BACK_LINK, PART_TITLES } from '../scripts/course-pages/course-outline';
import { scanCourse } from '../scripts/course-pages/course-scan';
import { CHROMIUM_PATH } from '../scripts/course-pages/figure-png';
import { markdownToHtml } from '../scripts/course-pages/markdown-html';
import { extractLinks, relinkToRepository, rewriteNotebookLinks } from '../scripts/course-pages/markdown-links';
import type { Notebook } from '../scripts/course-pages/notebook-file';
import { fencedBlock } from '../scripts/course-pages/page-markdown';
import { renderCourse, withExecutedOutputs } from '../scripts/course-pages/render-course';
import { fixtureBaseName, fixtureNotebook, makeCourseNotebooks, makeRenderedCourse, notebookPath, writeNotebook } from './helpers/course-fixture';

const repoRoot = path.resolve(__dirname, '..');
const renderScript = path.join(repoRoot, 'scripts', 'render-pages.ts');

function runRender(args: string[], env: NodeJS.ProcessEnv = {}): ReturnType<typeof spawnSync> & { stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['--import', 'tsx', renderScript, ...args], {
    encoding: 'utf8',
    cwd: repoRoot,
    env: { ...process.env, ...env },
  }) as ReturnType<typeof spawnSync> & { stdout: string; stderr: string };
}

/** A small plotly figure: a 4×4 RGB image and a curve, side by side. */
function tinyFigure(title: string): { data: unknown[]; layout: Record<string, unknown> } {
  const z = Array.from({ length: 4 }, (_, y) => Array.from({ length: 4 }, (_, x) => [x * 60, y * 60, 120]));
  return {
    data: [
      { type: 'image', z, xaxis: 'x', yaxis: 'y' },
      { type: 'scatter', mode: 'lines', x: [1, 2, 3], y: [0.02, 0.008, 0.006], xaxis: 'x2', yaxis: 'y2' },
    ],
    layout: { title: { text: title }, width: 480, height: 240, grid: { rows: 1, columns: 2, pattern: 'independent' } },
  };
}

/** Part 8's fixture notebook as the headless runner would leave it: outputs in the viz helper's format. */
function executedPart8(): Notebook {
  const notebook = fixtureNotebook(8);
  const figure = tinyFigure('Visages');
  notebook.cells[3].execution_count = 1;
  notebook.cells[3].outputs = [
    { output_type: 'display_data', data: { 'text/html': '<script type="text/javascript" data-plotly-library="3.7.0">/*plotly*/</script>', 'text/plain': 'plotly.js chargé' }, metadata: {} },
    { output_type: 'stream', name: 'stdout', text: ['chargement [===       ] 30 %\r', 'chargement [======    ] 60 %\r'] },
    { output_type: 'stream', name: 'stdout', text: ['chargement [==========] 100 %\n', '\u001b[32m4.22.0\u001b[0m\n'] },
  ];
  notebook.cells[5].execution_count = 2;
  notebook.cells[5].outputs = [
    { output_type: 'stream', name: 'stdout', text: 'Final MSE: 0.0066\n' },
    {
      output_type: 'display_data',
      data: {
        [FIGURE_MIME]: figure,
        'text/html': `<div class="ae-figure"><script type="application/json" data-plotly-figure="1-x">${JSON.stringify(figure)}</script></div>`,
        'text/plain': '[figure plotly] « Visages »',
      },
      metadata: {},
    },
    {
      output_type: 'display_data',
      data: { 'text/html': `<div><script type="application/json" data-plotly-figure="2-y">${JSON.stringify(tinyFigure('Courbe'))}</script></div>` },
      metadata: {},
    },
    { output_type: 'execute_result', execution_count: 2, data: { 'text/plain': '0.0066' }, metadata: {} },
  ];
  return notebook;
}

/** Reads a PNG's width and height from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'not a PNG file');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('pages without outputs (the committed set)', () => {
  let root = '';
  before(() => {
    root = makeCourseNotebooks();
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  test('renderCourse(scan) gives the same bytes twice', () => {
    const first = renderCourse(scanCourse(root));
    const second = renderCourse(scanCourse(root));
    assert.equal(first.files.size, PART_TITLES.length + 1);
    assert.deepEqual([...first.files.entries()], [...second.files.entries()]);
  });

  test('a page follows the course layout: title, sections in order, code as typescript blocks, back link last', () => {
    const page = renderCourse(scanCourse(root)).files.get(`pages/${fixtureBaseName(7)}.md`)!;
    const headings = page.split('\n').filter((line) => /^#{1,2} /.test(line));
    assert.deepEqual(headings, [`# Partie 7 : ${PART_TITLES[6]}`, '## Description', '## Code', '## Justification', '# Annexe : code']);
    assert.equal(page.split('\n')[0], `# Partie 7 : ${PART_TITLES[6]}`);
    assert.match(page, /```typescript\nimport \{ tf \} from '\.\.\/dist';\nconsole\.log\(tf\.version\.tfjs\);\n```/);
    assert.ok(page.endsWith(`${BACK_LINK}\n`));
    assert.match(page, /<!-- Page générée par « npm run render » à partir de notebooks\/07-/);
    assert.ok(page.includes(`(${fixtureBaseName(8)}.md)`), 'links to sibling notebooks point to sibling pages');
  });

  test('the TOC lists the 29 parts and the bonus part, linking pages and notebooks, then how to start and references', () => {
    const toc = renderCourse(scanCourse(root)).files.get('Tables-des-matieres.md')!;
    assert.ok(toc.startsWith('# Autoencodeurs en TypeScript\n'));
    const entries = toc.split('\n').filter((line) => /^\d+\. \[/.test(line));
    assert.equal(entries.length, 30);
    assert.equal(entries[0], `1. [Configuration du projet](pages/${fixtureBaseName(1)}.md) — [carnet](notebooks/${fixtureBaseName(1)}.ipynb)`);
    assert.ok(entries[29].startsWith(`30. [Pour aller plus loin : arithmétique dans l'espace latent](pages/${fixtureBaseName(30)}.md)`));
    const bonus = toc.indexOf('### Partie bonus');
    assert.ok(bonus > toc.indexOf(entries[28]) && bonus < toc.indexOf(entries[29]));
    for (const heading of ['## Parties du cours', '## Pour commencer', '## Références']) assert.ok(toc.includes(heading), heading);
    for (const reference of ['Labeled Faces in the Wild', 'Kumar', 'TensorFlow.js', 'tslab']) assert.ok(toc.includes(reference), reference);
  });

  test('the TOC takes each title as written in its notebook (the notebooks are the source of truth)', () => {
    const copy = makeCourseNotebooks();
    try {
      const notebook = fixtureNotebook(5);
      notebook.cells[0].source = ['# Partie 5 : Décodage d\u2019images'];
      writeNotebook(notebookPath(copy, 5), notebook);
      assert.ok(renderCourse(scanCourse(copy)).files.get('Tables-des-matieres.md')!.includes('5. [Décodage d\u2019images]'));
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  test('npm run render writes pages and TOC, then finds them up to date', () => {
    const first = runRender(['--root', root]);
    assert.equal(first.status, 0, first.stderr);
    assert.ok(fs.existsSync(path.join(root, 'Tables-des-matieres.md')));
    assert.equal(fs.readdirSync(path.join(root, 'pages')).filter((n) => n.endsWith('.md')).length, 30);
    const second = runRender(['--root', root]);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /déjà à jour/);
  });

  test('npm run render deletes the page of a renamed notebook', async () => {
    const copy = await makeRenderedCourse();
    try {
      const oldName = fixtureBaseName(4);
      fs.renameSync(notebookPath(copy, 4), path.join(copy, 'notebooks', '04-chemins.ipynb'));
      const run = runRender(['--root', copy]);
      assert.equal(run.status, 0, run.stderr);
      assert.ok(!fs.existsSync(path.join(copy, 'pages', `${oldName}.md`)));
      assert.ok(fs.existsSync(path.join(copy, 'pages', '04-chemins.md')));
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  test('npm run render refuses a damaged notebook, says why, and writes nothing', () => {
    const copy = makeCourseNotebooks();
    try {
      const notebook = fixtureNotebook(6);
      notebook.cells.splice(2, 1);
      writeNotebook(notebookPath(copy, 6), notebook);
      const run = runRender(['--root', copy]);
      assert.equal(run.status, 1);
      assert.match(run.stderr, /cellule \d+ : la section « ## Code » est absente/);
      assert.match(run.stderr, /Rendu annulé/);
      assert.ok(!fs.existsSync(path.join(copy, 'pages')));
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('outputs of executed notebooks', () => {
  test('cleanTerminalText(text) keeps the last state of \\r-rewritten lines and drops colours', () => {
    assert.equal(cleanTerminalText('a [=  ] 10 %\ra [===] 100 %\n\u001b[31mrouge\u001b[0m\n\n'), 'a [===] 100 %\nrouge');
    assert.equal(cleanTerminalText('fin\r\n'), 'fin');
  });

  test('cleanTerminalText(text) shortens very long outputs in the middle', () => {
    const long = Array.from({ length: MAX_OUTPUT_LINES + 50 }, (_, i) => `époque ${i + 1}`).join('\n');
    const lines = cleanTerminalText(long).split('\n');
    assert.equal(lines.length, MAX_OUTPUT_LINES + 1);
    assert.equal(lines[0], 'époque 1');
    assert.equal(lines[lines.length - 1], `époque ${MAX_OUTPUT_LINES + 50}`);
    assert.ok(lines.includes('… (50 lignes omises) …'));
  });

  test('collectPageOutputs(notebook) turns streams into text blocks and plotly outputs into numbered PNG figures', () => {
    const outputs = collectPageOutputs(executedPart8(), fixtureBaseName(8), 8);
    assert.deepEqual(outputs.blocksByCell.get(3), ['```text\nchargement [==========] 100 %\n4.22.0\n```']);
    assert.deepEqual(outputs.blocksByCell.get(5), [
      '```text\nFinal MSE: 0.0066\n```',
      '![Figure 1 de la partie 8](figures/08-1.png)',
      '![Figure 2 de la partie 8](figures/08-2.png)',
      '```text\n0.0066\n```',
    ]);
    assert.deepEqual(outputs.figures.map((f) => [f.kind, f.file, f.number]), [
      ['plotly', 'figures/08-1.png', 1],
      ['plotly', 'figures/08-2.png', 2],
    ]);
  });

  test('withExecutedOutputs(notebook, executed) keeps the current text and takes outputs when the code is unchanged', () => {
    const committed = fixtureNotebook(8);
    committed.cells[6].source = ['## Justification\n', '\n', 'Texte relu après l\'exécution.'];
    const merged = withExecutedOutputs(committed, executedPart8());
    assert.equal(merged.stale, false);
    assert.deepEqual(merged.notebook.cells[6].source, committed.cells[6].source);
    assert.equal(merged.notebook.cells[5].outputs?.length, 4);

    committed.cells[5].source = ['console.log(1);'];
    const stale = withExecutedOutputs(committed, executedPart8());
    assert.equal(stale.stale, true);
    assert.equal(stale.notebook.cells[5].outputs?.length, 4);
  });

  test('collectPageOutputs(notebook) writes PNG images as they are and errors as text', () => {
    const notebook = fixtureNotebook(2);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64');
    notebook.cells[3].outputs = [
      { output_type: 'display_data', data: { 'image/png': png, 'text/plain': '<image>' }, metadata: {} },
      { output_type: 'error', ename: 'Error', evalue: 'Modèle introuvable : exécutez d\'abord la partie 11', traceback: [] },
    ];
    const outputs = collectPageOutputs(notebook, fixtureBaseName(2), 2);
    assert.equal(outputs.figures[0].kind, 'png');
    assert.deepEqual(outputs.blocksByCell.get(3), [
      '![Figure 1 de la partie 2](figures/02-1.png)',
      "```text\nErreur :\nError: Modèle introuvable : exécutez d'abord la partie 11\n```",
    ]);
  });

  test('npm run render -- --executed writes pages with outputs, PNG figures and interactive HTML outside the repository', { timeout: 180_000 }, (t) => {
    if (!fs.existsSync(CHROMIUM_PATH)) {
      t.skip(`${CHROMIUM_PATH} absent (npm run setup:chromium)`);
      return;
    }
    const root = makeCourseNotebooks();
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'course-pages-work-'));
    try {
      fs.mkdirSync(path.join(work, 'executed'));
      writeNotebook(path.join(work, 'executed', `${fixtureBaseName(8)}.ipynb`), executedPart8());
      const run = runRender(['--root', root, '--executed'], { AE_WORK_DIR: work });
      assert.equal(run.status, 0, run.stderr);
      const out = path.join(work, 'rendered');
      const page = fs.readFileSync(path.join(out, 'pages', `${fixtureBaseName(8)}.md`), 'utf8');
      assert.match(page, /```text\nFinal MSE: 0\.0066\n```\n\n!\[Figure 1 de la partie 8\]\(figures\/08-1\.png\)/);
      assert.deepEqual(pngSize(fs.readFileSync(path.join(out, 'pages', 'figures', '08-1.png'))), { width: 480, height: 240 });
      assert.deepEqual(pngSize(fs.readFileSync(path.join(out, 'pages', 'figures', '08-2.png'))), { width: 480, height: 240 });
      const html = fs.readFileSync(path.join(out, 'pages', `${fixtureBaseName(8)}.html`), 'utf8');
      assert.match(html, /<script src="plotly\.js"><\/script>/);
      assert.match(html, /Plotly\.newPlot\("figure-1"/);
      assert.match(html, /href="\.\.\/Tables-des-matieres\.html"/);
      assert.ok(fs.existsSync(path.join(out, 'pages', 'plotly.js')));
      assert.ok(fs.existsSync(path.join(out, 'Tables-des-matieres.html')));
      assert.match(run.stderr, /pas de copie exécutée, page rendue sans sorties/);
      assert.ok(!fs.existsSync(path.join(root, 'pages')), 'the repository pages are untouched');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});

describe('Markdown helpers', () => {
  test('fencedBlock(code) uses a fence longer than any backtick run in the code', () => {
    assert.equal(fencedBlock('const s = `a`;', 'typescript'), '```typescript\nconst s = `a`;\n```');
    assert.equal(fencedBlock('```\nx\n```', 'text'), '````text\n```\nx\n```\n````');
  });

  test('extractLinks(markdown) finds links and images but not those in code', () => {
    const links = extractLinks('Voir [a](a.md) et ![b](img/b.png).\n`[c](c.md)`\n```\n[d](d.md)\n```\n[e]: <e f.md>');
    assert.deepEqual(links, [
      { target: 'a.md', line: 1 },
      { target: 'img/b.png', line: 1 },
      { target: '<e f.md>', line: 6 },
    ]);
  });

  test('rewriteNotebookLinks(markdown) points sibling notebook links to sibling pages', () => {
    assert.equal(
      rewriteNotebookLinks('[p](07-x.ipynb), [q](./08-y.ipynb#code), [r](../README.md), [s](https://x.org/09-z.ipynb)'),
      '[p](07-x.md), [q](./08-y.md#code), [r](../README.md), [s](https://x.org/09-z.ipynb)',
    );
  });

  test('relinkToRepository(markdown, …) points links to files left in the repository back to them', () => {
    const markdown = '[toc](../Tables-des-matieres.md) [readme](../README.md#a) [p](02-x.md) [src](../src/noise.ts)\n```\n[c](../c.md)\n```';
    const present = new Set(['Tables-des-matieres.md', 'pages/02-x.md']);
    assert.equal(
      relinkToRepository(markdown, 'pages/01-x.md', '/w/rendered', '/repo', (rel) => present.has(rel)),
      '[toc](../Tables-des-matieres.md) [readme](../../../repo/README.md#a) [p](02-x.md) [src](../../../repo/src/noise.ts)\n```\n[c](../c.md)\n```',
    );
  });

  test('markdownToHtml(markdown) converts headings, lists, tables, code and emphasis', () => {
    const html = markdownToHtml('# Titre\n\n- **un** et *deux*\n- `trois`\n\n| a | b |\n| --- | ---: |\n| 1 | 2 |\n\n```typescript\nconst x = 1 < 2;\n```');
    assert.match(html, /<h1>Titre<\/h1>/);
    assert.match(html, /<ul>\n<li><strong>un<\/strong> et <em>deux<\/em><\/li>\n<li><code>trois<\/code><\/li>\n<\/ul>/);
    assert.match(html, /<th>a<\/th><th style="text-align:right">b<\/th>/);
    assert.match(html, /<pre><code class="language-typescript">const x = 1 &lt; 2;<\/code><\/pre>/);
  });

  test('markdownToHtml(markdown) keeps known inline HTML tags and shows other <…> as text', () => {
    assert.equal(markdownToHtml('x<sub>2</sub> dans <dossier de travail>'), '<p>x<sub>2</sub> dans &lt;dossier de travail&gt;</p>');
  });
});
