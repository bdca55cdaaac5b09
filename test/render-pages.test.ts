/**
 * Rendering the course pages (scripts/render-pages.ts and tools/course-pages/): page layout, TOC, determinism,
 * outputs of executed copies, PNG figures through headless Chromium, HTML pages.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACK_LINK, cleanTerminalText, collectCellOutputs, extractLinks, fencedBlock, markdownToHtml, MAX_OUTPUT_LINES, type Notebook, PART_TITLES, relinkToRepository, renderCourse, rewriteNotebookLinks, scanCourse, writeNotebook } from '../tools';
import { FIGURE_MIME as PLOTLY_MIME } from '../src/viz/figure-html';
import { fixtureBaseName, fixtureNotebook, makeCourseNotebooks, makeRenderedCourse, notebookPath } from './helpers/course-fixture';
import { runScript, type ScriptRun } from './helpers/run-script';

function runRender(args: string[], env: NodeJS.ProcessEnv = {}): ScriptRun {
  return runScript('render-pages.ts', args, env);
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
        [PLOTLY_MIME]: figure,
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

  test('a page follows the course layout: title, navigation, sections in order, code as typescript blocks, back link, navigation', () => {
    const page = renderCourse(scanCourse(root)).files.get(`pages/${fixtureBaseName(7)}.md`)!;
    const headings = page.split('\n').filter((line) => /^#{1,2} /.test(line));
    assert.deepEqual(headings, [`# Partie 7 : ${PART_TITLES[6]}`, '## Description', '## Code', '## Justification', '# Annexe : code']);
    assert.equal(page.split('\n')[0], `# Partie 7 : ${PART_TITLES[6]}`);
    assert.match(page, /```typescript\nimport \{ tf \} from '\.\.\/dist';\nconsole\.log\(tf\.version\.tfjs\);\n```/);
    const nav =
      `[← Partie précédente : ${PART_TITLES[5]}](${fixtureBaseName(6)}.md) · [Table des matières](../Tables-des-matieres.md) · ` +
      `[Partie suivante : ${PART_TITLES[7]} →](${fixtureBaseName(8)}.md) · [Carnet](../notebooks/${fixtureBaseName(7)}.ipynb)`;
    assert.ok(page.endsWith(`${BACK_LINK}\n\n${nav}\n`));
    assert.equal(page.split('\n')[4], nav);
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

  test('collectCellOutputs(notebook) turns streams into cleaned text and keeps each plotly figure, by code cell', () => {
    const cells = collectCellOutputs(executedPart8());
    assert.equal(cells.length, 2);
    assert.deepEqual(cells[0], [{ text: 'chargement [==========] 100 %\n4.22.0' }]);
    assert.deepEqual(cells[1][0], { text: 'Final MSE: 0.0066' });
    assert.deepEqual(
      cells[1].slice(1, 3).map((o) => ('figure' in o ? (o.figure.plotly?.layout as { title: { text: string } }).title.text : '')),
      ['Visages', 'Courbe'],
    );
    assert.deepEqual(cells[1][3], { text: '0.0066' });
  });

  test('collectCellOutputs(notebook) takes the static image/png of a figure bundle beside its plotly JSON, and errors as text', () => {
    const notebook = fixtureNotebook(2);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    notebook.cells[3].outputs = [
      { output_type: 'display_data', data: { [PLOTLY_MIME]: tinyFigure('Visages'), 'image/png': png.toString('base64'), 'text/plain': '<figure>' }, metadata: {} },
      { output_type: 'display_data', data: { 'image/png': png.toString('base64') }, metadata: {} },
      { output_type: 'error', ename: 'Error', evalue: "Modèle introuvable : exécutez d'abord la partie 11", traceback: [] },
    ];
    const [cell] = collectCellOutputs(notebook);
    assert.ok('figure' in cell[0] && cell[0].figure.png?.equals(png) && cell[0].figure.plotly !== undefined);
    assert.ok('figure' in cell[1] && cell[1].figure.png?.equals(png) && cell[1].figure.plotly === undefined);
    assert.deepEqual(cell[2], { text: "Erreur :\nError: Modèle introuvable : exécutez d'abord la partie 11" });
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
