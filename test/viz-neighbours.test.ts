import { test } from 'node:test';
import assert from 'node:assert/strict';
import { neighboursFigure } from '../src/internal';

const solid = (v: number): number[][][] => [[[v, v, v]]];

test('neighboursFigure(query, neighbours, distances) shows the query then each neighbour with its distance', () => {
  const fig = neighboursFigure(solid(0.5), [solid(0.4), solid(0.7), solid(0.1)], [0.12345, 1, 2.5]);
  assert.equal(fig.data.length, 4);
  const layout = fig.layout as Record<string, any>;
  assert.deepEqual(layout.annotations.map((a: any) => a.text), [
    'Requête',
    'n°1 · d = 0,123',
    'n°2 · d = 1,000',
    'n°3 · d = 2,500',
  ]);
  assert.match(layout.title.text, /\b3\b/, 'the default title counts the neighbours shown');
  const titled = neighboursFigure(solid(0.5), [solid(0.4)], [1], { title: 'Mon titre' });
  assert.equal((titled.layout as Record<string, any>).title.text, 'Mon titre', 'options.title replaces it');
  assert.equal(layout.xaxis4.domain[1], 1); // one row
});

test('neighboursFigure(query, neighbours, distances) needs one distance per neighbour', () => {
  assert.throws(() => neighboursFigure(solid(0), [solid(0)], [1, 2]), /neighboursFigure : 2 distances pour 1 voisins ; donnez une distance par voisin/);
  assert.throws(() => neighboursFigure(solid(0), [], []), /neighboursFigure : neighbours est vide ; passez les k images voisines/);
});
