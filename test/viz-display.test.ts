import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  FIGURE_MIME,
  figuresFromHtml,
  figuresFromOutput,
  imageGridFigure,
  isPlotlyLibraryOutput,
  loadPlotly,
  showFigure,
  showImages,
  tf,
  writeFigureHtml,
} from '../src/internal';
import type { Figure } from '../src/internal';

const figure: Figure = imageGridFigure([[[[0, 0.5, 1]]], [[[1, 1, 1]]]], { title: 'Deux pixels' });

type Bundle = { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: Record<string, unknown> };

/** Pretends to be a tslab kernel: `__tslab__.require('tslab')` plus its modules in require.cache. */
function fakeKernel(options: { multiMime: boolean }): { bundles: Bundle[]; htmls: string[]; remove: () => void } {
  const bundles: Bundle[] = [];
  const htmls: string[] = [];
  const publicExports = { display: { html: (s: string) => htmls.push(s) }, newDisplay: () => ({ text: () => undefined }) };
  const dir = path.join(os.tmpdir(), 'fake-kernel', 'node_modules', 'tslab', 'dist');
  const publicFile = path.join(dir, 'public.js');
  const jupyterFile = path.join(dir, 'jupyter.js');
  const cache = require.cache as Record<string, unknown>;
  cache[publicFile] = { id: publicFile, filename: publicFile, exports: publicExports, loaded: true };
  if (options.multiMime) {
    cache[jupyterFile] = {
      id: jupyterFile,
      filename: jupyterFile,
      loaded: true,
      exports: { lastWriteDisplayData: (bundle: Bundle) => bundles.push(bundle) },
    };
  }
  (globalThis as Record<string, unknown>).__tslab__ = { require: (id: string) => (id === 'tslab' ? publicExports : require(id)) };
  return {
    bundles,
    htmls,
    remove: () => {
      delete cache[publicFile];
      delete cache[jupyterFile];
      delete (globalThis as Record<string, unknown>).__tslab__;
    },
  };
}

afterEach(() => {
  delete (globalThis as Record<string, unknown>).__tslab__;
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('autoencodeurs.viz.display')];
});

test('showFigure(fig) outside a notebook prints a one-line summary and returns nothing', (t) => {
  const lines: string[] = [];
  t.mock.method(console, 'log', (line: string) => lines.push(line));
  const result = showFigure(figure);
  loadPlotly(); // no-op outside a kernel
  assert.equal(result, undefined);
  assert.deepEqual(lines, [`[figure plotly] « Deux pixels » : 2 trace(s) (image ×2), ${(figure.layout as any).width}×${(figure.layout as any).height} px`]);
});

test('showFigure(fig) in a tslab kernel sends one bundle: plotly JSON, HTML (library the first time only), PNG, text', () => {
  const kernel = fakeKernel({ multiMime: true });
  try {
    showFigure(figure);
    showFigure(figure);
    assert.equal(kernel.bundles.length, 2);
    assert.equal(kernel.htmls.length, 0);
    const [first, second] = kernel.bundles;
    assert.deepEqual(Object.keys(first.data).sort(), [FIGURE_MIME, 'image/png', 'text/html', 'text/plain'].sort());
    assert.deepEqual(first.metadata, { autoencodeurs: { role: 'figure' } });
    assert.deepEqual(first.data[FIGURE_MIME], { ...figure, config: { displaylogo: false, responsive: false } });
    const firstHtml = String(first.data['text/html']);
    const secondHtml = String(second.data['text/html']);
    assert.ok(firstHtml.includes('data-plotly-library="3.7.0"'));
    assert.ok(firstHtml.length > 1_000_000); // plotly.js inlined from node_modules
    assert.ok(!secondHtml.includes('data-plotly-library'));
    const outsideLibrary = firstHtml.replace(/<script type="text\/javascript" data-plotly-library="[^"]*">[\s\S]*?<\/script>/, '');
    assert.ok(!/\bsrc="(?!data:image\/png;base64,)/.test(outsideLibrary)); // nothing loaded from a CDN, only the inline PNG
    assert.ok(outsideLibrary.includes(`src="data:image/png;base64,${first.data['image/png']}"`));
    assert.deepEqual(figuresFromHtml(secondHtml), [first.data[FIGURE_MIME]]);
    assert.deepEqual(figuresFromOutput({ data: second.data }), [first.data[FIGURE_MIME]]);
    assert.notEqual(firstHtml.match(/id="ae-figure-([^"]+)"/)?.[1], secondHtml.match(/id="ae-figure-([^"]+)"/)?.[1]);
  } finally {
    kernel.remove();
  }
});

test('loadPlotly() sends the library alone, and later figures then skip it; includePlotly "always" forces it', () => {
  const kernel = fakeKernel({ multiMime: true });
  try {
    loadPlotly();
    showFigure(figure);
    showFigure(figure, { includePlotly: 'always' });
    assert.equal(kernel.bundles.length, 3);
    assert.ok(isPlotlyLibraryOutput({ data: kernel.bundles[0].data }));
    assert.deepEqual(kernel.bundles[0].metadata, { autoencodeurs: { role: 'plotly-library' } });
    assert.ok(!String(kernel.bundles[1].data['text/html']).includes('data-plotly-library'));
    assert.ok(String(kernel.bundles[2].data['text/html']).includes('data-plotly-library'));
  } finally {
    kernel.remove();
  }
});

test('showFigure(fig) falls back to tslab display.html with the JSON block when multi-MIME output is unavailable', () => {
  const kernel = fakeKernel({ multiMime: false });
  try {
    showFigure(figure);
    assert.equal(kernel.htmls.length, 1);
    assert.ok(kernel.htmls[0].includes('data-plotly-library'));
    assert.deepEqual(figuresFromOutput({ data: { 'text/html': kernel.htmls[0] } })[0].layout, figure.layout);
  } finally {
    kernel.remove();
  }
});

test('showImages(tensor) shows an image grid and leaves the tensor count flat', () => {
  const kernel = fakeKernel({ multiMime: true });
  const images = tf.zeros([3, 2, 2, 3]);
  try {
    const before = tf.memory().numTensors;
    showImages(images, { columns: 3, title: 'Zéros', includePlotly: 'never' });
    assert.equal(tf.memory().numTensors, before);
    const shown = kernel.bundles[0].data[FIGURE_MIME] as Figure;
    assert.equal(shown.data.length, 3);
    assert.equal((shown.layout as any).title.text, 'Zéros');
    assert.ok(!String(kernel.bundles[0].data['text/html']).includes('data-plotly-library'));
  } finally {
    images.dispose();
    kernel.remove();
  }
});

test('writeFigureHtml(fig, path) writes a standalone offline page atomically, creating folders', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'figure-html-'));
  try {
    const target = writeFigureHtml(figure, path.join(dir, 'sub', 'grille.html'));
    assert.equal(target, path.join(dir, 'sub', 'grille.html'));
    const html = fs.readFileSync(target, 'utf8');
    assert.ok(html.startsWith('<!DOCTYPE html>'));
    assert.ok(html.includes('data-plotly-library="3.7.0"'));
    assert.ok(!/<script[^>]+src=/.test(html));
    assert.equal(figuresFromHtml(html).length, 1);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'sub')), ['grille.html']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('writeFigureHtml(fig, path) into a folder that cannot be written gives a clear error and leaves nothing', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'figure-html-'));
  try {
    const blocker = path.join(dir, 'fichier');
    fs.writeFileSync(blocker, 'pas un dossier');
    assert.throws(() => writeFigureHtml(figure, path.join(blocker, 'figure.html')), /writeFigureHtml : impossible d'écrire .*figure\.html .* ; choisissez un dossier où vous pouvez écrire/);
    assert.deepEqual(fs.readdirSync(dir), ['fichier']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
