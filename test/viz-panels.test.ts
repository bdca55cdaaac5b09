import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDecimal, formatFixed, imagePanel, imageToRgb255, lineChartLayout, panelGrid } from '../src/viz/panels';

const grey = (h: number, w: number, v: number): number[][][] =>
  Array.from({ length: h }, () => Array.from({ length: w }, () => [v, v, v]));

test('imageToRgb255(image) maps [0, 1] to 0–255 integers, clips, and expands one grey channel to RGB', () => {
  assert.deepEqual(imageToRgb255([[[0, 0.5, 1], [-0.2, 1.7, NaN]]]), [[[0, 128, 255], [0, 255, 0]]]);
  assert.deepEqual(imageToRgb255([[[0.2]]]), [[[51, 51, 51]]]);
  assert.throws(() => imageToRgb255([[1, 2, 3]] as unknown as number[][][]), /figure : image doit être un tableau imbriqué \[hauteur\]\[largeur\]\[3\] \(RVB dans \[0, 1\]\) ; convertissez d'abord un tenseur avec tensorToImages/);
});

test('panelGrid(panels, {columns}) gives one axis pair per cell, row by row, with titles as annotations', () => {
  const panels = [0, 1, 2, 3, 4].map((i) => imagePanel(grey(4, 6, i / 4), `n°${i}`));
  const fig = panelGrid(panels, { columns: 2, title: 'Titre', cellWidth: 100, cellHeight: 100, gap: 10, titleHeight: 20 });
  assert.equal(fig.data.length, 5);
  assert.deepEqual(fig.data.map((t) => [t.xaxis, t.yaxis]), [['x', 'y'], ['x2', 'y2'], ['x3', 'y3'], ['x4', 'y4'], ['x5', 'y5']]);
  const layout = fig.layout as Record<string, any>;
  assert.equal(layout.width, 10 + 10 + 2 * 100 + 10);
  assert.equal(layout.height, 50 + 10 + 3 * 120 + 2 * 10);
  assert.deepEqual(layout.xaxis.domain, [0, Math.round((100 / 210) * 1e6) / 1e6]);
  assert.deepEqual(layout.xaxis2.domain, [Math.round((110 / 210) * 1e6) / 1e6, 1]);
  assert.equal(layout.xaxis3.domain[0], 0); // third cell starts the second row
  assert.ok(layout.yaxis3.domain[1] < layout.yaxis.domain[0]);
  assert.deepEqual(layout.xaxis.range, [-0.5, 5.5]);
  assert.deepEqual(layout.yaxis.range, [3.5, -0.5]);
  assert.equal(layout.xaxis.showticklabels, false);
  assert.equal(layout.yaxis.ticks, '');
  assert.deepEqual(layout.annotations.map((a: any) => a.text), ['n°0', 'n°1', 'n°2', 'n°3', 'n°4']);
  assert.equal(layout.title.text, 'Titre');
  assert.equal(layout.separators, ', ');
});

test('panelGrid(panels) is deterministic and rejects an empty list', () => {
  const build = () => panelGrid([imagePanel(grey(2, 2, 0.3), 'a'), imagePanel(grey(2, 2, 0.6))], { columns: 1 });
  assert.equal(JSON.stringify(build()), JSON.stringify(build()));
  assert.throws(() => panelGrid([]), /figure : rien à tracer \(aucune image ni aucun panneau\) ; passez au moins une image/);
});

test('formatDecimal and formatFixed write French decimals', () => {
  assert.equal(formatDecimal(0.1), '0,1');
  assert.equal(formatDecimal(0.25, 2), '0,25');
  assert.equal(formatDecimal(2), '2');
  assert.equal(formatDecimal(-0.0001, 2), '0');
  assert.equal(formatFixed(0.00551, 4), '0,0055');
});

test('lineChartLayout({ title, showLegend }) centres the title, uses 640 × 400 px and French decimal separators', () => {
  const layout = lineChartLayout({ title: 'Pertes', showLegend: false });
  assert.deepEqual(layout.title, { text: 'Pertes', x: 0.5, xanchor: 'center' });
  assert.equal(layout.width, 640);
  assert.equal(layout.height, 400);
  assert.equal(layout.separators, ', ');
  assert.equal(layout.showlegend, false);
  assert.equal(lineChartLayout({ title: '', width: 500, height: 300, showLegend: true }).width, 500);
});
