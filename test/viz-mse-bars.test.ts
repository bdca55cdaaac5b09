import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mseBarsFigure } from '../src/internal';

test('mseBarsFigure(bars) draws one horizontal bar per entry, top to bottom, labelled with its MSE', () => {
  const fig = mseBarsFigure([
    { label: 'visage moyen', mse: 0.0412 },
    { label: 'PCA (partie 11)', mse: 0.0058 },
  ], { title: 'Bilan' });
  assert.equal(fig.data.length, 1);
  const bars = fig.data[0];
  assert.equal(bars.type, 'bar');
  assert.equal(bars.orientation, 'h');
  assert.deepEqual(bars.y, ['visage moyen', 'PCA (partie 11)']);
  assert.deepEqual(bars.x, [0.0412, 0.0058]);
  assert.deepEqual(bars.text, ['0,0412', '0,0058']);
  const layout = fig.layout as Record<string, any>;
  assert.equal(layout.title.text, 'Bilan');
  assert.equal(layout.yaxis.autorange, 'reversed');
  assert.equal(layout.height, 200);
  assert.equal(layout.xaxis.title.text, 'MSE (jeu de test)');
});

test('mseBarsFigure() rejects an empty list and a non-finite MSE', () => {
  assert.throws(() => mseBarsFigure([]), /mseBarsFigure : aucune barre à tracer ; passez \[\{ label, mse \}, …\]/);
  assert.throws(() => mseBarsFigure([{ label: 'profond', mse: Number.NaN }]), /« profond » demande une MSE finie ≥ 0, reçu NaN ; corrigez cette valeur/);
});
