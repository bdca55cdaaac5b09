import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { figureFragment, imageGridFigure, lossCurvesFigure, plotlySource, writeFigureHtml } from '../src/internal';
import { launchChromium } from '../tools';

const grid = imageGridFigure([[[[0, 0.5, 1]]], [[[1, 0, 0]]]], { title: 'Deux pixels' });
const curves = lossCurvesFigure([{ epoch: 1, loss: 0.02, val_loss: 0.03 }, { epoch: 2, loss: 0.01, val_loss: 0.02 }]);

async function withPage<T>(body: (page: any, problems: string[]) => Promise<T>): Promise<T> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error: Error) => problems.push(String(error)));
    page.on('request', (request: { url(): string }) => {
      if (!/^(file|about|data|blob):/.test(request.url())) problems.push(`network request: ${request.url()}`);
    });
    return await body(page, problems);
  } finally {
    await browser.close();
  }
}

test('writeFigureHtml(figs, path) opens offline in Chromium and draws every figure', { timeout: 120_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'figure-browser-'));
  try {
    const file = writeFigureHtml([grid, curves], path.join(dir, 'page.html'));
    await withPage(async (page, problems) => {
      await page.goto(`file://${file}`);
      await page.waitForFunction(() => document.querySelectorAll('.ae-figure-plot .main-svg').length >= 2, null, { timeout: 60_000 });
      const titles = await page.evaluate(() => Array.from(document.querySelectorAll('.ae-figure-plot .gtitle')).map((t) => t.textContent));
      assert.deepEqual(titles, ['Deux pixels', "Courbes d'apprentissage"]);
      assert.deepEqual(problems, []);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('figure outputs inserted the way JupyterLab does (innerHTML + cloned scripts) draw, the second reusing the first one\'s plotly.js', { timeout: 120_000 }, async () => {
  const outputs = [
    figureFragment(grid, { id: '1-a', plotly: plotlySource() }),
    figureFragment(curves, { id: '2-b' }),
  ];
  await withPage(async (page, problems) => {
    await page.setContent('<html><body></body></html>');
    await page.evaluate((htmls: string[]) => {
      for (const html of htmls) {
        const host = document.createElement('div');
        document.body.appendChild(host);
        host.innerHTML = html;
        for (const script of Array.from(host.getElementsByTagName('script'))) {
          const clone = document.createElement('script');
          for (const attribute of Array.from(script.attributes)) clone.setAttribute(attribute.name, attribute.value);
          clone.textContent = script.textContent;
          script.parentNode!.replaceChild(clone, script);
        }
      }
    }, outputs);
    await page.waitForFunction(() => document.querySelectorAll('.ae-figure-plot .main-svg').length >= 2, null, { timeout: 60_000 });
    assert.deepEqual(problems, []);
  });
});
