import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpolationFigure } from '../src/internal';

const solid = (v: number): number[][][] => [[[v, v, v]]];

test('interpolationFigure(strip) shows A, the intermediate weights t and B on one row', () => {
  const fig = interpolationFigure([0, 0.25, 0.5, 0.75, 1].map(solid));
  assert.equal(fig.data.length, 5);
  const layout = fig.layout as Record<string, any>;
  assert.deepEqual(layout.annotations.map((a: any) => a.text), ['A (t = 0)', 't = 0,25', 't = 0,5', 't = 0,75', 'B (t = 1)']);
  assert.equal(layout.title.text, "Interpolation dans l'espace latent");
  assert.equal(layout.xaxis5.domain[1], 1);
  assert.throws(() => interpolationFigure([solid(0)]), /interpolationFigure : strip demande au moins 2 images \(les deux extrémités\) ; passez le résultat de morphImages/);
  assert.throws(() => interpolationFigure([solid(0), solid(1)], { labels: ['x'] }), /interpolationFigure : 1 libellés pour 2 images ; donnez-en un par image/);
});
