import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { cacheDir, plotlySource } from '../src/internal';

test('plotlySource({minify: false}) reads plotly.js-dist from node_modules, once per process', () => {
  const full = plotlySource({ minify: false });
  assert.equal(full.minified, false);
  assert.equal(full.path, require.resolve('plotly.js-dist/plotly.js'));
  assert.equal(full.version, require('plotly.js-dist/package.json').version);
  assert.ok(full.source.includes('window.Plotly = Plotly'));
  assert.equal(plotlySource({ minify: false }), full);
});

test('plotlySource() minifies with esbuild when installed and caches it in <work>/cache, else uses the bundle', () => {
  const source = plotlySource();
  let hasEsbuild = true;
  try {
    require.resolve('esbuild');
  } catch {
    hasEsbuild = false;
  }
  if (!hasEsbuild) {
    assert.equal(source.minified, false);
    return;
  }
  assert.equal(source.minified, true);
  assert.equal(path.dirname(source.path), cacheDir());
  assert.ok(fs.existsSync(source.path));
  assert.ok(source.source.length < plotlySource({ minify: false }).source.length / 2);
  assert.ok(source.source.includes('window.Plotly'));
  assert.ok(!/<\/script/i.test(source.source));
});
