/**
 * The reference-run store (tools/course-pages/results-store.ts, record-results.ts, model-dependencies.ts) and
 * the pages rendered from it: keys, atomic per-part writes, stale and quick-mode notices, TOC lines, damaged
 * entries, the verifier's store checks, and recording an executed notebook (figures drawn by Chromium).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FIGURE_MIME as PLOTLY_MIME } from '../src/viz/figure-html';
import { entryPath, extractLinks, findKeyResult, isRelativeTarget, listStoredFigures, openResultsRecorder, partKey, partModels, partsToRerun, readResultsStore, renderCourse, renderPageMarkdown, resolveLinkTarget, scanCourse, stableJson, staleSelection, verifyCourse, verifyCourseReport, withoutMachinePaths, writeNotebook } from '../tools';
import { copyCourse, fixtureBaseName, fixtureNotebook, makeRenderedCourse, notebookPath, readFixtureNotebook } from './helpers/course-fixture';
import { curveFigure, fixtureMse, gradientPng, writeFixtureStore } from './helpers/results-fixture';
import { runScript } from './helpers/run-script';

const repoRoot = path.resolve(__dirname, '..');

/** Every file below `dir` with its bytes, by relative path. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      out.set(path.relative(dir, full), fs.readFileSync(full).toString('base64'));
    }
  }
  return out;
}

const page = (root: string, n: number): string => fs.readFileSync(path.join(root, 'pages', `${fixtureBaseName(n)}.md`), 'utf8');

describe('results store: keys and writes', () => {
  test('partKey(notebook, library) ignores Markdown edits and changes with the code or the library version', () => {
    const notebook = fixtureNotebook(12);
    const key = partKey(notebook, '0.1.0');
    const reworded = fixtureNotebook(12);
    reworded.cells[6].source = ['## Justification\n', '\n', 'Une phrase relue par un traducteur.'];
    assert.equal(partKey(reworded, '0.1.0'), key);
    const recoded = fixtureNotebook(12);
    recoded.cells[5].source = ['console.log(1);'];
    assert.notEqual(partKey(recoded, '0.1.0'), key);
    assert.notEqual(partKey(notebook, '0.2.0'), key);
  });

  test('writeStoredPart replaces a part entry and its figures, and leaves the other parts alone', async () => {
    const root = await makeRenderedCourse();
    try {
      await writeFixtureStore(root, [11, 12]);
      const before12 = listStoredFigures(root).filter((f) => f.includes('/12-'));
      assert.equal(before12.length, 2);
      const entry = readResultsStore(root).parts.get(fixtureBaseName(12))!;
      const png = await gradientPng(999);
      const { figureName, writeStoredPart } = await import('../tools/course-pages/results-store');
      const file = figureName('12', 1, png);
      writeStoredPart(root, fixtureBaseName(12), { ...entry, cells: [[{ figure: file }]] }, new Map([[file, png]]));
      assert.deepEqual(listStoredFigures(root).filter((f) => f.includes('/12-')), [`pages/${file}`]);
      assert.equal(listStoredFigures(root).filter((f) => f.includes('/11-')).length, 2);
      assert.equal(fs.readFileSync(path.join(root, entryPath(fixtureBaseName(12))), 'utf8'), stableJson(readResultsStore(root).parts.get(fixtureBaseName(12))));
      assert.deepEqual(fs.readdirSync(path.join(root, 'pages', 'resultats')).filter((n) => n.includes('.tmp')), []);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('withoutMachinePaths(text) hides the course, work and data folders; findKeyResult reads « Final MSE: x »', () => {
    const text = withoutMachinePaths('modèle : /srv/cours/work/models/pca-32 ; données : /data/lfw/lfw.tgz ; page /srv/cours/pages', {
      root: '/srv/cours',
      work: '/srv/cours/work',
      data: '/data/lfw',
    });
    assert.equal(text, 'modèle : <travail>/models/pca-32 ; données : <données>/lfw.tgz ; page ./pages');
    assert.equal(withoutMachinePaths('Modèle enregistré dans ../../tmp/essai/models/pca-32', { root: '/srv/cours', work: '/tmp/essai' }), 'Modèle enregistré dans <travail>/models/pca-32');
    assert.equal(withoutMachinePaths('dans ../../tmp/essai/models', { root: '/srv/autre-copie/cours', work: '/tmp/essai' }), 'dans <travail>/models');
    assert.deepEqual(findKeyResult([[{ text: 'époque 3/3' }], [{ text: 'MSE, entrées bruitées: 0.0200\nFinal MSE: 0.0123' }]]), { label: 'Final MSE', value: 0.0123 });
    assert.equal(findKeyResult([[{ text: 'rien' }]]), undefined);
  });

  test('partsToRerun(stale, parts) adds the later parts that load the models a stale part saves (read from the notebooks)', () => {
    const scan = scanCourse(repoRoot);
    const parts = scan.notebooks.map((nb) => partModels(nb.number, nb.notebook));
    assert.deepEqual([...parts.find((p) => p.number === 11)!.saves], ['pca-32']);
    assert.deepEqual(partsToRerun([11], parts), [11, 12, 14]);
    assert.deepEqual(partsToRerun([25], parts), [25, 26, 27]);
    assert.deepEqual(partsToRerun([20], parts), [20, 22, 23, 26, 28, 29, 30]);
    assert.deepEqual(partsToRerun([3], parts), [3]);
  });
});

test('staleSelection(root) and npm run course -- --stale: nothing to run when the store is up to date; a changed saver brings its loaders', { timeout: 120_000 }, async () => {
  const root = await makeRenderedCourse();
  try {
    const saver = readFixtureNotebook(root, 11);
    saver.cells[5].source = ["const ae = 1;\n", "await saveCourseModel(ae, 'pca-32');"];
    writeNotebook(notebookPath(root, 11), saver);
    const loader = readFixtureNotebook(root, 13);
    loader.cells[5].source = ["const ae = await requireModel('pca-32', 11);"];
    writeNotebook(notebookPath(root, 13), loader);
    await writeFixtureStore(root, Array.from({ length: 30 }, (_, i) => i + 1));
    assert.deepEqual(staleSelection(root), { stale: [], rerun: [] });
    const runner = runScript('run-notebooks.ts', ['course', '--stale', '--store', root, '--notebooks', path.join(root, 'notebooks'), '--work', path.join(root, 'work')]);
    assert.equal(runner.status, 0, runner.stderr);
    assert.match(runner.stdout, /Résultats à jour : aucune partie à réexécuter\./);

    saver.cells[5].source = ["const ae = 2;\n", "await saveCourseModel(ae, 'pca-32');"];
    writeNotebook(notebookPath(root, 11), saver);
    fs.rmSync(path.join(root, entryPath(fixtureBaseName(20))));
    assert.deepEqual(staleSelection(root), { stale: [11, 20], rerun: [11, 13, 20] });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

describe('pages rendered from a fixture store', () => {
  let root = '';
  before(async () => {
    root = await makeRenderedCourse();
    await writeFixtureStore(root, [11, 12, 20, 26]);
    const run = runScript('render-pages.ts', ['--root', root]);
    assert.equal(run.status, 0, run.stderr);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  test('a page shows each code cell’s text output and its figures as PNG images, after the code', () => {
    const text = page(root, 12);
    const [curve, face] = readResultsStore(root).parts.get(fixtureBaseName(12))!.cells[1].flatMap((o) => ('figure' in o ? [o.figure] : []));
    assert.ok(
      text.includes(
        `console.log(\`Final MSE: \${mse}\`);\n\`\`\`\n\n\`\`\`text\nFinal MSE: ${fixtureMse(12)}\n\`\`\`\n\n![Figure 1 de la partie 12](${curve})\n\n![Figure 2 de la partie 12](${face})`,
      ),
      text,
    );
    assert.match(text, /```typescript\nimport \{ tf \} from '\.\.\/dist';\nconsole\.log\(tf\.version\.tfjs\);\n```\n\n```text\n4\.22\.0\n```/);
    assert.doesNotMatch(text, /Résultats périmés|Mode rapide/);
    assert.doesNotMatch(page(root, 13), /```text/, 'a part without an entry shows no output');
  });

  test('the TOC gives each stored part its key result and duration, and the run’s facts and key results', () => {
    const toc = fs.readFileSync(path.join(root, 'Tables-des-matieres.md'), 'utf8');
    const line12 = toc.split('\n').find((l) => l.startsWith('12. '))!;
    assert.ok(line12.endsWith(` — MSE de test ${fixtureMse(12).toFixed(4).replace('.', ',')}, 12\u00a0min 05\u00a0s`), line12);
    assert.ok(toc.split('\n').find((l) => l.startsWith('13. '))!.endsWith('.ipynb)'));
    assert.match(toc, /Résultats : exécution du 30\/11\/2026 sur Processeur de test \(2 cœurs\), Node\.js v24\.0\.0, moteur wasm \(2 fils d'exécution\), 4 parties en 1\u00a0h 09\u00a0min au total\./);
    assert.match(toc, /MSE de test : autoencodeur PCA 0,0123 \(partie 12\) ; autoencodeur convolutif 0,0203 \(partie 20\) ; débruiteur 0,0263 \(partie 26\)\./);
  });

  test('the render is byte-stable: a second run writes nothing and the files are identical', () => {
    const first = snapshot(root);
    const run = runScript('render-pages.ts', ['--root', root]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /déjà à jour/);
    assert.deepEqual(snapshot(root), first);
  });

  test('every link and image of the pages and the TOC resolves to a file', () => {
    const files = ['Tables-des-matieres.md', ...fs.readdirSync(path.join(root, 'pages')).filter((n) => n.endsWith('.md')).map((n) => `pages/${n}`)];
    let images = 0;
    for (const file of files) {
      for (const link of extractLinks(fs.readFileSync(path.join(root, file), 'utf8'))) {
        if (!isRelativeTarget(link.target)) continue;
        if (link.target.endsWith('.png')) images += 1;
        assert.ok(fs.existsSync(resolveLinkTarget(path.dirname(path.join(root, file)), link.target)), `${file}:${link.line} → ${link.target}`);
      }
    }
    assert.equal(images, 8);
  });

  test('the verifier passes on the fixture store, and lists no stale part', () => {
    assert.deepEqual(verifyCourseReport(root), { problems: [], notes: [] });
  });
});

describe('stale, quick-mode and damaged store entries', () => {
  let base = '';
  before(async () => {
    base = await makeRenderedCourse();
    await writeFixtureStore(base, [11, 12]);
    assert.equal(runScript('render-pages.ts', ['--root', base]).status, 0);
  });
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  test('a Markdown-only edit never makes results stale; a code edit shows a notice, marks the TOC line, and the verifier notes it without failing', () => {
    const root = copyCourse(base);
    try {
      const reworded = readFixtureNotebook(root, 12);
      reworded.cells[6].source = ['## Justification\n', '\n', 'Une phrase relue.'];
      writeNotebook(notebookPath(root, 12), reworded);
      assert.deepEqual(renderCourse(scanCourse(root), readResultsStore(root)).stale, []);

      const recoded = readFixtureNotebook(root, 12);
      recoded.cells[5].source = ['const mse = 0.5;\n', 'console.log(`Final MSE: ${mse}`);'];
      writeNotebook(notebookPath(root, 12), recoded);
      assert.equal(runScript('render-pages.ts', ['--root', root]).status, 0);
      const text = page(root, 12);
      assert.match(text, /> \*\*Résultats périmés\.\*\* Le code de cette partie, ou la version de la bibliothèque, a changé depuis l'exécution du 30\/11\/2026/);
      assert.match(text, /`npm run course -- --stale`/);
      assert.match(text, /```text\nFinal MSE: 0\.0123\n```/, 'the old outputs are still shown under the notice');
      assert.match(fs.readFileSync(path.join(root, 'Tables-des-matieres.md'), 'utf8'), /\n12\. .* \(périmé\)\n/);
      const verifier = runScript('verifier.ts', ['--root', root]);
      assert.equal(verifier.status, 0, verifier.stderr);
      assert.match(verifier.stdout, new RegExp(`note : notebooks/${fixtureBaseName(12)}\\.ipynb : résultats périmés`));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('a quick-mode store is announced on the page and the TOC, and the verifier refuses it as the reference', async () => {
    const root = copyCourse(base);
    try {
      await writeFixtureStore(root, [12], 'quick');
      assert.equal(runScript('render-pages.ts', ['--root', root]).status, 0);
      assert.match(page(root, 12), /> \*\*Mode rapide\.\*\* Ces sorties viennent d'une exécution en mode rapide/);
      assert.match(fs.readFileSync(path.join(root, 'Tables-des-matieres.md'), 'utf8'), /Attention : ces résultats viennent du mode rapide/);
      const problems = verifyCourse(root);
      assert.equal(problems.length, 1);
      assert.equal(problems[0].file, entryPath(fixtureBaseName(12)));
      assert.match(problems[0].message, /mode rapide \(AE_QUICK=1\) : ils ne peuvent pas servir d'exécution de référence/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('a damaged entry stops the render, which names the part and what to run and leaves every page as it was', () => {
    const root = copyCourse(base);
    try {
      const file = path.join(root, entryPath(fixtureBaseName(12)));
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').slice(0, 200));
      const notebook = readFixtureNotebook(root, 3);
      notebook.cells[1].source = ['## Description\n', '\n', 'Un texte changé qui devrait être rendu.'];
      writeNotebook(notebookPath(root, 3), notebook);
      const before = snapshot(path.join(root, 'pages'));
      const run = runScript('render-pages.ts', ['--root', root]);
      assert.equal(run.status, 1);
      assert.match(run.stderr, new RegExp(`pages/resultats/${fixtureBaseName(12)}\\.json : les sorties enregistrées de la partie 12 .* sont illisibles : JSON illisible`));
      assert.match(run.stderr, /npm run course -- --only 12 --force/);
      assert.match(run.stderr, /rien n'a été écrit/);
      assert.deepEqual(snapshot(path.join(root, 'pages')), before);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('a figure path that leaves pages/figures/ makes the entry damaged', () => {
    const root = copyCourse(base);
    try {
      const file = path.join(root, entryPath(fixtureBaseName(11)));
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/"figures\/11-1-/, '"figures/../../11-1-'));
      assert.match(readResultsStore(root).damaged[0].reason, /^nom de figure invalide « figures\/\.\.\/\.\.\/11-1-[0-9a-f]{8}\.png »/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('an entry whose figure file is missing is damaged too', () => {
    const root = copyCourse(base);
    try {
      const figure = listStoredFigures(root).find((f) => f.includes('/11-'))!;
      fs.rmSync(path.join(root, figure));
      const store = readResultsStore(root);
      assert.deepEqual(store.damaged.map((d) => [d.baseName, d.reason]), [[fixtureBaseName(11), `la figure ${figure} manque`]]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('the verifier fails on an entry with no notebook, a figure no page shows, and a machine path in an output', async () => {
    const root = copyCourse(base);
    try {
      fs.copyFileSync(path.join(root, entryPath(fixtureBaseName(11))), path.join(root, 'pages', 'resultats', '11-ancien-nom.json'));
      fs.writeFileSync(path.join(root, 'pages', 'figures', '05-1-0123abcd.png'), await gradientPng(5));
      const file = path.join(root, entryPath(fixtureBaseName(12)));
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"4.22.0"', '"chargé depuis /home/alice/cours/work"'));
      assert.equal(runScript('render-pages.ts', ['--root', root]).status, 0);
      const verifier = runScript('verifier.ts', ['--root', root]);
      assert.equal(verifier.status, 1);
      assert.match(verifier.stderr, /pages\/resultats\/11-ancien-nom\.json : ces résultats n'appartiennent à aucun carnet de notebooks\//);
      assert.match(verifier.stderr, /pages\/figures\/05-1-0123abcd\.png : aucune page n'affiche cette figure/);
      assert.match(verifier.stderr, new RegExp(`pages/resultats/${fixtureBaseName(12)}\\.json : une sortie contient un chemin de la machine \\(« /home/alice/cours/work »\\)`));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

test('renderPageMarkdown(…) shows stored outputs past the last code cell after it (a stale part that lost a cell)', () => {
  const notebook = fixtureNotebook(12);
  notebook.cells.splice(4, 2);
  const page = renderPageMarkdown(notebook, 'notebooks/12-x.ipynb', { outputs: [['```text\nA\n```'], ['```text\nB\n```']] });
  assert.ok(page.includes("console.log(tf.version.tfjs);\n```\n\n```text\nA\n```\n\n```text\nB\n```\n\n## Justification"), page);
});

test('npm run notebooks -- --quick --store <this repository> is refused before any kernel starts', () => {
  const run = runScript('run-notebooks.ts', ['--quick', '--only', '3', '--store', repoRoot]);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /les résultats du mode rapide n'ont pas leur place dans le dépôt/);
  assert.doesNotMatch(run.stdout, /=== Partie/);
});

describe('recording an executed notebook', () => {
  test('openResultsRecorder(…).record() stores cleaned text, figures drawn by Chromium at their layout size, and the key result', { timeout: 120_000 }, async () => {
    const root = await makeRenderedCourse();
    const recorder = openResultsRecorder({ root, mode: 'full', work: path.join(root, 'work'), env: { AE_BACKEND: 'wasm', AE_THREADS: '2' } });
    try {
      const executed = fixtureNotebook(20);
      executed.cells[3].outputs = [{ output_type: 'stream', name: 'stdout', text: ['époque 1/2 [====    ]\r', `époque 2/2 [========] ${path.join(root, 'work', 'models')}\n`] }];
      executed.cells[5].outputs = [
        { output_type: 'stream', name: 'stdout', text: 'Final MSE: 0.0111\n' },
        { output_type: 'display_data', data: { [PLOTLY_MIME]: curveFigure('Pertes') }, metadata: {} },
        { output_type: 'display_data', data: { 'image/png': (await gradientPng(3)).toString('base64') }, metadata: {} },
        { output_type: 'display_data', data: { [PLOTLY_MIME]: { data: [{ type: 'image', z: [[[0, 0, 0], [255, 255, 255]]] }], layout: { width: 200, height: 100 } } }, metadata: {} },
        {
          output_type: 'display_data',
          data: {
            [PLOTLY_MIME]: { data: [{ type: 'image', z: [[[0, 0, 0], [255, 255, 255]]] }], layout: { width: 240, height: 120, title: { text: 'Visages' } } },
            'image/png': (await gradientPng(4)).toString('base64'),
          },
          metadata: {},
        },
      ];
      const executedFile = path.join(root, 'work', 'executed', `${fixtureBaseName(20)}.ipynb`);
      fs.mkdirSync(path.dirname(executedFile), { recursive: true });
      writeNotebook(executedFile, executed);
      const entry = await recorder.record(fixtureBaseName(20), executedFile, 754.26);
      assert.equal(entry.key, partKey(fixtureNotebook(20), '0.0.0'));
      assert.equal(entry.seconds, 754.3);
      assert.equal(entry.mode, 'full');
      assert.deepEqual(entry.keyResult, { label: 'Final MSE', value: 0.0111 });
      assert.deepEqual({ backend: entry.run.backend, threads: entry.run.threads, node: entry.run.node }, { backend: 'wasm', threads: 2, node: process.version });
      assert.deepEqual(entry.cells[0], [{ text: 'époque 2/2 [========] <travail>/models' }]);
      const [curve, face, pixels, titled] = entry.cells[1].slice(1).map((o) => ('figure' in o ? o.figure : ''));
      assert.deepEqual(entry.cells[1].slice(1).map((o) => 'plotly' in o), [true, false, false, false], 'only the chart keeps its plotly JSON');
      // A pixel figure that has both is drawn from its plotly JSON (title included), not from its pixels-only PNG.
      const titledPng = fs.readFileSync(path.join(root, 'pages', titled));
      assert.deepEqual([titledPng.readUInt32BE(16), titledPng.readUInt32BE(20)], [240, 120]);
      assert.ok(!titledPng.equals(await gradientPng(4)));
      const pixelPng = fs.readFileSync(path.join(root, 'pages', pixels));
      assert.deepEqual([pixelPng.readUInt32BE(16), pixelPng.readUInt32BE(20)], [200, 100]);
      assert.match(curve, /^figures\/20-1-[0-9a-f]{8}\.png$/);
      const png = fs.readFileSync(path.join(root, 'pages', curve));
      assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [480, 300]);
      assert.ok(fs.readFileSync(path.join(root, 'pages', face)).equals(await gradientPng(3)));
      assert.deepEqual(readResultsStore(root).parts.get(fixtureBaseName(20)), entry);
    } finally {
      await recorder.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
