import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FIGURE_MIME,
  figureFragment,
  figurePage,
  figureSummary,
  figuresFromHtml,
  figuresFromOutput,
  imageGridFigure,
  isPlotlyLibraryOutput,
} from '../src/internal';
import type { Figure } from '../src/internal';

const tricky: Figure = {
  data: [{ type: 'scatter', x: [1, 2], y: [3, 4], name: '</script><b>&amp; « é » \u2028' }],
  layout: { title: { text: 'Courbe <test>' }, width: 300, height: 200 },
};

test('figureFragment(fig) embeds the figure JSON in a script block that figuresFromHtml reads back unchanged', () => {
  const html = figureFragment(tricky, { id: '7-abc' });
  assert.ok(html.startsWith('<div class="ae-figure" id="ae-figure-7-abc">'));
  assert.ok(html.includes('<script type="application/json" data-plotly-figure="7-abc">'));
  assert.equal(html.split('</script>').length - 1, 2); // the JSON block and the draw script only
  assert.ok(!html.includes('data-plotly-library'));
  assert.ok(html.includes('style="width:300px;height:200px;"'));
  const [figure] = figuresFromHtml(html);
  assert.deepEqual(figure.data, tricky.data);
  assert.deepEqual(figure.layout, tricky.layout);
  assert.deepEqual(figure.config, { displaylogo: false, responsive: false });
});

test('figureFragment(fig, {plotly}) inlines the library before the figure, escaping "</script"', () => {
  const html = figureFragment(tricky, { id: 'x', plotly: { source: 'var a = "</script>"; window.Plotly = {};', version: '9.9.9' } });
  assert.ok(html.includes('<script type="text/javascript" data-plotly-library="9.9.9">(function (define, module, exports) {'));
  assert.ok(html.includes('var a = "<\\/script>"; window.Plotly = {};\n}).call(window);</script>'));
  assert.ok(html.indexOf('data-plotly-library') < html.indexOf('data-plotly-figure'));
  assert.equal(figuresFromHtml(html).length, 1);
});

test('figurePage(figs) is a complete French HTML page with plotly once and every figure', () => {
  const page = figurePage([tricky, imageGridFigure([[[[0, 0, 0]]]])], { plotly: { source: 'window.Plotly={}', version: '1' } });
  assert.ok(page.startsWith('<!DOCTYPE html>\n<html lang="fr">'));
  assert.ok(page.includes('<title>Courbe &lt;test&gt;</title>'));
  assert.equal(page.split('data-plotly-library=').length - 1, 1);
  assert.equal(figuresFromHtml(page).length, 2);
});

test('figuresFromOutput(output) prefers the plotly MIME entry, else reads the HTML (string or list of lines)', () => {
  const html = figureFragment(tricky, { id: '1' });
  const viaMime = figuresFromOutput({ output_type: 'display_data', data: { [FIGURE_MIME]: { data: [], layout: { a: 1 } }, 'text/html': html } });
  assert.deepEqual(viaMime, [{ data: [], layout: { a: 1 } }]);
  const viaString = figuresFromOutput({ data: { [FIGURE_MIME]: JSON.stringify({ data: [], layout: {} }) } });
  assert.deepEqual(viaString, [{ data: [], layout: {} }]);
  const lines = html.split(/(?<=\n)/);
  assert.deepEqual(figuresFromOutput({ data: { 'text/html': lines } })[0].layout, tricky.layout);
  assert.deepEqual(figuresFromOutput({ data: { 'text/plain': 'bonjour' } }), []);
  assert.deepEqual(figuresFromOutput({ output_type: 'stream' }), []);
});

test('isPlotlyLibraryOutput(output) spots the library-only output of loadPlotly()', () => {
  assert.ok(isPlotlyLibraryOutput({ data: { 'text/html': '<script type="text/javascript" data-plotly-library="3.7.0">x</script>' } }));
  const withFigure = figureFragment(tricky, { id: '1', plotly: { source: 'x', version: '1' } });
  assert.ok(!isPlotlyLibraryOutput({ data: { 'text/html': withFigure } }));
});

test('figureSummary(fig) names the title, the trace kinds and the size', () => {
  assert.equal(figureSummary(tricky), '[figure plotly] « Courbe <test> » : 1 trace(s) (scatter ×1), 300×200 px');
  const grid = imageGridFigure([[[[0, 0, 0]]], [[[1, 1, 1]]]], { title: 'Deux' });
  assert.match(figureSummary(grid), /^\[figure plotly\] « Deux » : 2 trace\(s\) \(image ×2\), \d+×\d+ px$/);
});

test('figureFragment and figurePage reject what is not a figure, or no figure, saying what to pass', () => {
  assert.throws(
    () => figureFragment({ data: 'x' } as unknown as Figure, { id: 'f' }),
    /figure : une figure plotly \{ data: \[…\], layout: \{…\} \} est attendue, comme celles que renvoient imageGridFigure/,
  );
  assert.throws(() => figurePage([], { plotly: { source: '', version: '1' } }), /figurePage : aucune figure donnée ; passez au moins une figure/);
});
