import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageGridFigure } from '../src/internal';

const solid = (h: number, w: number, rgb: number[]): number[][][] =>
  Array.from({ length: h }, () => Array.from({ length: w }, () => [...rgb]));

test('imageGridFigure(images) draws one image trace per image, z in 0–255 RGB, at most 8 per row', () => {
  const images = Array.from({ length: 10 }, (_, i) => solid(3, 5, [i / 9, 0, 1]));
  const fig = imageGridFigure(images);
  assert.equal(fig.data.length, 10);
  assert.ok(fig.data.every((t) => t.type === 'image'));
  const z = fig.data[9].z as number[][][];
  assert.equal(z.length, 3);
  assert.equal(z[0].length, 5);
  assert.deepEqual(z[0][0], [255, 0, 255]);
  const layout = fig.layout as Record<string, any>;
  assert.equal(layout.title.text, "Exemples d'images");
  assert.equal(layout.xaxis9.domain[0], 0); // the 9th image starts row 2
  assert.equal(layout.xaxis8.domain[1], 1); // the 8th ends row 1
  assert.deepEqual(layout.annotations, []);
});

test('imageGridFigure(images, {titles, columns, title}) titles each image and wraps rows', () => {
  const images = [solid(2, 2, [0, 0, 0]), solid(2, 2, [1, 1, 1]), solid(2, 2, [0.5, 0.5, 0.5])];
  const fig = imageGridFigure(images, { titles: ['a', 'b', 'c'], columns: 2, title: 'Trois visages' });
  const layout = fig.layout as Record<string, any>;
  assert.equal(layout.title.text, 'Trois visages');
  assert.deepEqual(layout.annotations.map((a: any) => a.text), ['a', 'b', 'c']);
  assert.equal(layout.xaxis3.domain[0], 0);
  assert.throws(() => imageGridFigure(images, { titles: ['a'] }), /imageGridFigure : 1 titres pour 3 images ; donnez un titre par image/);
  assert.throws(() => imageGridFigure([]), /imageGridFigure : images est vide ; passez au moins une image/);
});
