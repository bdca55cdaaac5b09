/**
 * Plotly figures → PNG files, drawn offline by headless Chromium (Debian's /usr/bin/chromium via playwright-core)
 * with plotly.js-dist from node_modules injected into a blank page.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from './browser';
import type { Figure } from '../../src/viz/types';

/** Size used when a figure's layout gives none (plotly's own default is 700×450). */
export const DEFAULT_FIGURE_SIZE = { width: 800, height: 500 };

/** Path of plotly.js-dist's bundle in node_modules. */
export function plotlyBundlePath(): string {
  return require.resolve('plotly.js-dist/plotly.js');
}

/** Draws figures one after another in one browser page. */
export interface FigureRenderer {
  /** PNG bytes of one figure, at the layout's width/height (or DEFAULT_FIGURE_SIZE), device scale `scale`. */
  toPng(figure: Figure, scale?: number): Promise<Buffer>;
  close(): Promise<void>;
}

/** Starts headless Chromium with plotly.js loaded; the caller must close() the renderer. */
export async function openFigureRenderer(options: { chromiumPath?: string; plotlyPath?: string } = {}): Promise<FigureRenderer> {
  const browser = await launchChromium(options.chromiumPath);
  try {
    const page = await browser.newPage();
    // Offline: only the local page, plotly.js from node_modules and data: URLs may load.
    await page.route('**/*', (route) => (/^(file|data):/.test(route.request().url()) ? route.continue() : route.abort()));
    const plotlyUrl = pathToFileURL(options.plotlyPath ?? plotlyBundlePath()).href;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'course-figures-'));
    try {
      const html = path.join(dir, 'figures.html');
      fs.writeFileSync(html, `<!DOCTYPE html><html><head><meta charset="utf-8"><script src="${plotlyUrl}"></script></head><body style="margin:0"></body></html>`);
      await page.goto(pathToFileURL(html).href);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    if (!(await page.evaluate(() => typeof (globalThis as unknown as { Plotly?: unknown }).Plotly === 'object'))) {
      throw new Error(`plotly.js did not load in Chromium from ${plotlyUrl}: check that plotly.js-dist is installed (npm install).`);
    }
    return {
      async toPng(figure: Figure, scale = 1): Promise<Buffer> {
        const layout = figure.layout ?? {};
        const width = typeof layout.width === 'number' ? layout.width : DEFAULT_FIGURE_SIZE.width;
        const height = typeof layout.height === 'number' ? layout.height : DEFAULT_FIGURE_SIZE.height;
        const dataUrl = await page.evaluate(
          async ({ fig, width, height, scale }) => {
            const Plotly = (globalThis as unknown as { Plotly: { toImage: (f: unknown, o: unknown) => Promise<string> } }).Plotly;
            return Plotly.toImage(
              { data: fig.data, layout: fig.layout ?? {}, config: { ...(fig.config ?? {}), staticPlot: true } },
              { format: 'png', width, height, scale },
            );
          },
          { fig: figure, width, height, scale },
        );
        const base64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
        return Buffer.from(base64, 'base64');
      },
      async close(): Promise<void> {
        await browser.close();
      },
    };
  } catch (err) {
    await browser.close();
    throw err;
  }
}
