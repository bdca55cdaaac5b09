import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mseBySigmaFigure } from '../src/internal';

test('mseBySigmaFigure(sigmas, series) draws one labelled line per series over the σ ticks', () => {
  const fig = mseBySigmaFigure([0, 0.05, 0.1], [
    { name: 'Entrée bruitée', mse: [0, 0.0025, 0.01] },
    { name: 'Reconstruction', mse: [0.0049, 0.0052, 0.0061], dotted: true, labels: false },
  ]);
  assert.equal(fig.data.length, 2);
  assert.deepEqual(fig.data[0].x, [0, 0.05, 0.1]);
  assert.deepEqual(fig.data[1].y, [0.0049, 0.0052, 0.0061]);
  assert.deepEqual(fig.data[0].text, ['0,0000', '0,0025', '0,0100']);
  assert.equal(fig.data[0].mode, 'lines+markers+text');
  assert.equal(fig.data[0].textposition, 'top center');
  assert.equal(fig.data[1].mode, 'lines+markers');
  assert.equal(fig.data[1].text, undefined);
  assert.equal(fig.data[0].name, 'Entrée bruitée');
  assert.equal((fig.data[0].line as { dash: string }).dash, 'solid');
  assert.equal((fig.data[1].line as { dash: string }).dash, 'dot');
  const layout = fig.layout as Record<string, any>;
  assert.deepEqual(layout.xaxis.tickvals, [0, 0.05, 0.1]);
  assert.deepEqual(layout.xaxis.range.map((v: number) => +v.toFixed(6)), [-0.008, 0.108]);
  assert.deepEqual(layout.xaxis.ticktext, ['0', '0,05', '0,1']);
  assert.equal(layout.xaxis.title.text, 'Écart type du bruit σ');
  assert.equal(layout.yaxis.title.text, 'MSE (jeu de test)');
  assert.equal(layout.title.text, "Erreur selon l'écart type du bruit");
  assert.equal(layout.showlegend, true);
});

test('mseBySigmaFigure() rejects empty input and series of the wrong length', () => {
  assert.throws(() => mseBySigmaFigure([], [{ name: 'a', mse: [] }]), /sigmas doit être une liste non vide de σ ≥ 0, reçu \[\] ; passez par exemple \[0, 0\.1, 0\.2\]/);
  assert.throws(() => mseBySigmaFigure([0.1], []), /mseBySigmaFigure : aucune série à tracer/);
  assert.throws(
    () => mseBySigmaFigure([0.1, 0.2], [{ name: 'bruitée', mse: [0.01] }]),
    /la série « bruitée » a 1 valeurs pour 2 σ ; donnez une MSE finie par σ/,
  );
  assert.throws(() => mseBySigmaFigure([0.1], [{ name: 'x', mse: [Number.NaN] }]), /donnez une MSE finie par σ, dans le même ordre/);
});
