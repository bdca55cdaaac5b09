import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noiseLevelsFigure } from '../src/internal';

const solid = (v: number): number[][][] => [[[v, v, v], [v, v, v]]];

test('noiseLevelsFigure(levels) puts one sigma per column, one example per row, titled « σ = … »', () => {
  const levels = [0, 0.1, 0.5].map((sigma) => ({ sigma, images: [solid(sigma), solid(1 - sigma)] }));
  const fig = noiseLevelsFigure(levels);
  assert.equal(fig.data.length, 6);
  const layout = fig.layout as Record<string, any>;
  assert.deepEqual(layout.annotations.map((a: any) => a.text), ['σ = 0', 'σ = 0,1', 'σ = 0,5']);
  assert.equal(layout.title.text, 'Effet du bruit gaussien selon σ');
  assert.equal(layout.xaxis4.domain[0], 0); // 4th cell = second example, first level
  assert.deepEqual((fig.data[1].z as number[][][])[0][0], [26, 26, 26]); // sigma 0.1, example 0
});

test('noiseLevelsFigure(levels) rejects levels of different sizes and negative sigmas', () => {
  assert.throws(() => noiseLevelsFigure([{ sigma: 0, images: [solid(0)] }, { sigma: 1, images: [] }]), /chaque niveau doit contenir le même nombre d'images, non nul \(reçu 1, 0\) ; donnez les mêmes images à chaque niveau/);
  assert.throws(() => noiseLevelsFigure([{ sigma: -1, images: [solid(0)] }]), /noiseLevelsFigure : sigma doit être un nombre fini ≥ 0, reçu -1 ; passez par exemple 0\.1/);
  assert.throws(() => noiseLevelsFigure([]), /noiseLevelsFigure : levels est vide ; passez \[\{ sigma, images \}, …\]/);
});
