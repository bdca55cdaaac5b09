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
  assert.deepEqual(fig.data[0].text, ['', '0,0025', '0,0100'], 'an exact 0 (clean input) has no label');
  assert.equal(fig.data[0].mode, 'lines+markers+text');
  assert.deepEqual(fig.data[0].textposition, ['top center', 'top center', 'top center'], 'the only labelled line: above');
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
  assert.deepEqual(layout.yaxis.range.map((v: number) => +v.toFixed(6)), [-0.001, 0.011], 'room under 0 for labels below points');
  assert.equal(layout.title.text, "Erreur selon l'écart type du bruit");
  assert.equal(layout.showlegend, true);
});

test('mseBySigmaFigure(): where two labelled lines meet, the higher value is labelled above, the lower below', () => {
  const fig = mseBySigmaFigure([0, 0.05, 0.1], [
    { name: 'entrée bruitée', mse: [0, 0.0025, 0.01] },
    { name: 'reconstruction', mse: [0.005, 0.005, 0.0053] },
  ]);
  assert.deepEqual(fig.data[0].textposition, ['bottom center', 'bottom center', 'top center']);
  assert.deepEqual(fig.data[1].textposition, ['top center', 'top center', 'bottom center']);
  assert.deepEqual(fig.data[1].text, ['0,0050', '0,0050', '0,0053']);
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
