import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeSizeFigure } from '../src/internal';

test('codeSizeFigure(results) plots MSE against code size on a log x axis, sorted, one tick per size', () => {
  const fig = codeSizeFigure([
    { codeSize: 32, mse: 0.0055 },
    { codeSize: 1, mse: 0.04 },
    { codeSize: 512, mse: 0.003 },
  ]);
  assert.equal(fig.data.length, 1);
  assert.deepEqual(fig.data[0].x, [1, 32, 512]);
  assert.deepEqual(fig.data[0].y, [0.04, 0.0055, 0.003]);
  assert.deepEqual(fig.data[0].text, ['0,0400', '0,0055', '0,0030']);
  const layout = fig.layout as Record<string, any>;
  assert.equal(layout.xaxis.type, 'log');
  assert.deepEqual(layout.xaxis.tickvals, [1, 32, 512]);
  assert.deepEqual(layout.xaxis.ticktext, ['1', '32', '512']);
  assert.ok(layout.xaxis.title.text.length > 0 && layout.yaxis.title.text.length > 0, 'both axes are titled');
  assert.match(layout.yaxis.title.text, /MSE/, 'the y axis names the measure plotted');
});

test('codeSizeFigure(results, {reference}) adds a dotted reference line across the sizes', () => {
  const fig = codeSizeFigure([{ codeSize: 8, mse: 0.01 }, { codeSize: 128, mse: 0.004 }], {
    reference: { mse: 0.0066, label: 'ACP (code 32)' },
  });
  assert.equal(fig.data.length, 2);
  assert.equal(fig.data[1].name, 'ACP (code 32)');
  assert.deepEqual(fig.data[1].x, [8, 128]);
  assert.deepEqual(fig.data[1].y, [0.0066, 0.0066]);
  assert.throws(() => codeSizeFigure([]), /codeSizeFigure : results est vide ; passez \[\{ codeSize, mse \}, …\]/);
  assert.throws(
    () => codeSizeFigure([{ codeSize: 0, mse: 1 }]),
    /chaque résultat doit avoir un codeSize ≥ 1 et une mse finie, reçu \{"codeSize":0,"mse":1\} ; corrigez cette entrée/,
  );
});
