import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconstructionFigure } from '../src/internal';

const solid = (v: number): number[][][] => Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => [v, v, v]));

test('reconstructionFigure(original, code, reconstruction) shows image | code bars | image with French titles', () => {
  const fig = reconstructionFigure(solid(0.2), [0.5, -1, 2], solid(0.3));
  assert.deepEqual(fig.data.map((t) => t.type), ['image', 'bar', 'image']);
  assert.deepEqual(fig.data[1].y, [0.5, -1, 2]);
  assert.deepEqual(fig.data[1].x, [0, 1, 2]);
  const layout = fig.layout as Record<string, any>;
  assert.deepEqual(layout.annotations.map((a: any) => a.text), ['Image originale', 'Code latent (3 valeurs)', 'Reconstruction']);
  assert.equal(layout.xaxis2.title.text, 'Composante du code');
  assert.equal(layout.margin.b, 50);
  assert.equal(layout.title.text, 'Image originale, code latent et reconstruction');
});

test('reconstructionFigure(originals, codes, reconstructions, {mse}) makes one row per example and shows MSE', () => {
  const fig = reconstructionFigure([solid(0), solid(1)], [[1, 2], [3, 4]], [solid(0.1), solid(0.9)], { mse: [0.00551, 0.0123] });
  assert.equal(fig.data.length, 6);
  const layout = fig.layout as Record<string, any>;
  const titles = layout.annotations.map((a: any) => a.text);
  assert.deepEqual(titles, ['Image originale', 'Code latent (2 valeurs)', 'Reconstruction · MSE = 0,0055', 'MSE = 0,0123']);
  assert.equal(layout.xaxis2.showticklabels, false); // only the last row labels the components
  assert.equal(layout.xaxis5.showticklabels, true);
  assert.throws(() => reconstructionFigure([solid(0)], [[1], [2]], [solid(0)]), /reconstructionFigure : reçu 1 originaux, 2 codes et 1 reconstructions ; donnez-en autant de chaque/);
});

test('reconstructionFigure(..., {codeStyle: "heatmap"}) draws a long code as a near-square heatmap', () => {
  const code = Array.from({ length: 70 }, (_, i) => i - 35);
  const fig = reconstructionFigure(solid(0.5), code, solid(0.5)); // auto: > 64 values → heatmap
  assert.equal(fig.data[1].type, 'heatmap');
  const z = fig.data[1].z as (number | null)[][];
  assert.equal(z.length, 8);
  assert.equal(z[0].length, 9);
  assert.equal(z[7][6], 34);
  assert.equal(z[7][7], null);
  assert.equal(fig.data[1].zmin, -35);
  assert.equal(fig.data[1].zmax, 35);
});
