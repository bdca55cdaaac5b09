/**
 * The course in real Jupyter front ends, in Chromium (Debian's /usr/bin/chromium through playwright-core):
 *   1. Debian's classic Jupyter Notebook server runs parts 08, 11, 12, 20, 28 and 30 in quick mode (Cell > Run All,
 *      in order, in one work folder: 12 needs 11's model, 28 and 30 need 20's); every figure must draw;
 *   2. the executed outputs are rendered with JupyterLab's own output renderers (@jupyterlab/rendermime 4, without
 *      plotly's MIME renderer: the HTML route), trusted (every figure drawn) and untrusted (every pixel figure
 *      shows its PNG).
 * Screenshots and executed notebooks go to work/jupyter-browser/. Needs Debian's jupyter-notebook and chromium.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { FIGURE_MIME, PNG_MIME } from '../src/internal';
import { repoRoot } from '../src/paths';
import { launchChromium, listCourseNotebooks, registerKernelInto, testDataDir } from '../tools';
import { jupyterLabRendererScript } from './helpers/jupyterlab-renderer';
import { shutDownKernels, startNotebookServer } from './helpers/notebook-server';

const PARTS = ['08', '11', '12', '20', '28', '30'];
const ROOT = path.join(repoRoot(), 'work', 'jupyter-browser');
const SCREENSHOTS = path.join(ROOT, 'screenshots');
const EXECUTED = path.join(ROOT, 'executed');

interface StoredOutput {
  output_type: string;
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}
interface StoredNotebook {
  cells: { cell_type: string; outputs?: StoredOutput[] }[];
}

/** What one notebook run showed: figure outputs in the notebook, plots drawn in the page, error outputs. */
interface RunResult {
  name: string;
  figures: number;
  drawn: number;
  errors: string[];
  seconds: number;
}

function notebookFile(part: string): string {
  const notebook = listCourseNotebooks(path.join(repoRoot(), 'notebooks')).find((entry) => entry.part === Number(part));
  assert.ok(notebook, `no notebook for part ${part}`);
  return notebook.name;
}

function outputsOf(notebook: StoredNotebook): StoredOutput[] {
  return notebook.cells.flatMap((cell) => cell.outputs ?? []);
}

function isFigure(output: StoredOutput): boolean {
  return output.data?.[FIGURE_MIME] !== undefined;
}

/** Fresh work folders: copies of the parts beside a `dist` link (so their `'../dist'` imports resolve), course files kept only for the data cache. */
function prepareFolders(): { notebooks: string; course: string; jupyter: string } {
  const notebooks = path.join(ROOT, 'notebooks');
  const course = path.join(ROOT, 'course');
  const jupyter = path.join(ROOT, 'jupyter');
  for (const dir of [notebooks, jupyter, SCREENSHOTS, EXECUTED]) fs.rmSync(dir, { recursive: true, force: true });
  if (fs.existsSync(course)) {
    for (const entry of fs.readdirSync(course)) if (entry !== 'cache') fs.rmSync(path.join(course, entry), { recursive: true, force: true });
  }
  for (const dir of [notebooks, course, SCREENSHOTS, EXECUTED]) fs.mkdirSync(dir, { recursive: true });
  fs.rmSync(path.join(ROOT, 'dist'), { force: true });
  fs.symlinkSync(path.join(repoRoot(), 'dist'), path.join(ROOT, 'dist'));
  for (const part of PARTS) fs.copyFileSync(path.join(repoRoot(), 'notebooks', notebookFile(part)), path.join(notebooks, notebookFile(part)));
  registerKernelInto(path.join(jupyter, 'data'), repoRoot());
  return { notebooks, course, jupyter };
}

/** Screenshot of a whole classic Notebook page (it scrolls inside #site: let the page grow first). */
async function screenshotNotebook(page: Page, file: string): Promise<void> {
  await page.evaluate(() => {
    for (const selector of ['html', 'body', '#site']) {
      const element = document.querySelector(selector) as HTMLElement;
      Object.assign(element.style, { height: 'auto', overflow: 'visible', position: 'static' });
    }
  });
  await page.screenshot({ path: file, fullPage: true });
}

/** Opens `name` in classic Notebook, runs Cell > Run All, waits for the kernel to finish, and checks the figures. */
async function runInClassicNotebook(page: Page, url: string, name: string): Promise<RunResult> {
  const started = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => (window as any).Jupyter?.notebook?.kernel?.is_connected?.() === true, null, { timeout: 120_000 });
  await page.click('#celllink');
  await page.click('#run_all_cells');
  // Done when every code cell has its execution number and both its reply and its iopub "idle" arrived (a small
  // reply can overtake a cell's large outputs, so the number alone is not enough), or as soon as an error shows.
  await page.waitForFunction(
    () => {
      if (document.querySelector('.output_error')) return true;
      const { notebook } = (window as any).Jupyter;
      const cells = notebook.get_cells().filter((cell: any) => cell.cell_type === 'code');
      return cells.every(
        (cell: any) => {
          const callbacks = notebook.kernel._msg_callbacks[cell.last_msg_id];
          return typeof cell.input_prompt_number === 'number' && (!callbacks || (callbacks.shell_done && callbacks.iopub_done));
        },
      );
    },
    null,
    { timeout: 600_000, polling: 500 },
  );
  // Outputs may still be arriving (the first figure carries plotly.js, 5 MB): wait until every figure output of
  // the notebook model is in the page with a drawn plot; the counts below say what is missing if it never happens.
  await page
    .waitForFunction(
      (mime: string) => {
        const model = (window as any).Jupyter.notebook.toJSON() as StoredNotebook;
        const expected = model.cells.flatMap((cell) => cell.outputs ?? []).filter((o) => o.data?.[mime] !== undefined).length;
        const roots = Array.from(document.querySelectorAll('.output_subarea .ae-figure'));
        return roots.length === expected && roots.every((root) => root.querySelector('.js-plotly-plot svg.main-svg'));
      },
      FIGURE_MIME,
      { timeout: 120_000, polling: 1000 },
    )
    .catch(() => undefined);
  const notebook = (await page.evaluate(() => (window as any).Jupyter.notebook.toJSON())) as StoredNotebook;
  fs.writeFileSync(path.join(EXECUTED, name), JSON.stringify(notebook, null, 1));
  const outputs = outputsOf(notebook);
  const errors = outputs.filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`);
  const figures = outputs.filter(isFigure).length;
  const drawn = await page.evaluate(() =>
    Array.from(document.querySelectorAll('.output_subarea .ae-figure')).filter((f) => f.querySelector('.js-plotly-plot svg.main-svg')).length,
  );
  await screenshotNotebook(page, path.join(SCREENSHOTS, `notebook-${name.slice(0, 2)}.png`));
  return { name, figures, drawn, errors, seconds: Math.round((Date.now() - started) / 1000) };
}

/** Sizes (`WxH`) of the pictures a viewer that runs no script should show: one per pixel figure, at its layout size. */
function expectedPictures(notebook: StoredNotebook): string[] {
  return outputsOf(notebook)
    .filter((o) => isFigure(o) && o.data?.[PNG_MIME] !== undefined)
    .map((o) => {
      const layout = (o.data![FIGURE_MIME] as { layout: { width: number; height: number } }).layout;
      return `${layout.width}x${layout.height}`;
    });
}

/**
 * Opens an unsigned copy of an executed notebook (as a learner receives one: « Not Trusted », scripts removed) and
 * returns the sizes of the pictures shown in its outputs and the number of plots drawn (none expected).
 */
async function viewUntrusted(browser: Browser, url: string, screenshot: string): Promise<{ pictures: string[]; plots: number; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  try {
    await page.goto(url);
    await page.waitForFunction(() => (window as any).Jupyter?.notebook?._fully_loaded === true, null, { timeout: 120_000 });
    const pictures = await page.evaluate(async () => {
      const images = Array.from(document.querySelectorAll('.output_subarea img')) as HTMLImageElement[];
      await Promise.all(images.map((image) => image.decode().catch(() => undefined)));
      return images.map((image) => `${image.naturalWidth}x${image.naturalHeight}`);
    });
    const plots = await page.evaluate(() => document.querySelectorAll('.js-plotly-plot').length);
    await screenshotNotebook(page, screenshot);
    return { pictures, plots, errors };
  } finally {
    await page.close();
  }
}

test('classic Jupyter Notebook (Debian) runs parts 08, 11, 12, 20, 28 and 30 with Run All and draws every figure', { timeout: 3_600_000 }, async (t) => {
  assert.ok(fs.existsSync('/usr/bin/jupyter-notebook'), 'Debian\'s jupyter-notebook is missing: run `npm run setup:debian` (apt-get install jupyter-notebook).');
  const folders = prepareFolders();
  const dataDir = await testDataDir();
  const server = await startNotebookServer({
    notebookDir: folders.notebooks,
    jupyterDir: folders.jupyter,
    env: { AE_QUICK: '1', AE_DATA_DIR: dataDir, AE_WORK_DIR: folders.course },
  });
  t.after(() => server.stop());
  const browser = await launchChromium();
  t.after(() => browser.close());
  const results: RunResult[] = [];
  const problems: string[] = [];
  for (const part of PARTS) {
    const name = notebookFile(part);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    try {
      const result = await runInClassicNotebook(page, server.url(`/notebooks/${encodeURIComponent(name)}`), name);
      results.push(result);
      t.diagnostic(`${name}: ${result.drawn}/${result.figures} figures drawn, ${result.seconds} s`);
      // Every part runs even when one fails, so the report (and the JupyterLab test below) covers them all.
      problems.push(...result.errors.map((error) => `${name}: error output ${error}`));
      problems.push(...pageErrors.map((error) => `${name}: page error ${error}`));
      if (result.drawn !== result.figures) problems.push(`${name}: ${result.drawn} of ${result.figures} figures drawn`);
      // The same outputs, unsigned (untrusted): every pixel figure shows its PNG.
      const executed = JSON.parse(fs.readFileSync(path.join(EXECUTED, name), 'utf8')) as StoredNotebook;
      fs.writeFileSync(path.join(folders.notebooks, `untrusted-${name}`), JSON.stringify(executed));
      const untrusted = await viewUntrusted(
        browser,
        server.url(`/notebooks/${encodeURIComponent(`untrusted-${name}`)}`),
        path.join(SCREENSHOTS, `notebook-untrusted-${part}.png`),
      );
      t.diagnostic(`${name} (untrusted): ${untrusted.pictures.length}/${expectedPictures(executed).length} pictures shown`);
      problems.push(...untrusted.errors.map((error) => `${name} (untrusted): page error ${error}`));
      if (untrusted.plots !== 0) problems.push(`${name}: ${untrusted.plots} plots drawn in the untrusted copy`);
      if (untrusted.pictures.join() !== expectedPictures(executed).join()) {
        problems.push(`${name}: untrusted copy shows pictures ${untrusted.pictures.join(', ')}, expected ${expectedPictures(executed).join(', ')}`);
      }
    } finally {
      await shutDownKernels(server).catch(() => undefined);
      await page.close();
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(results.every((r) => r.figures > 0), 'every part shows at least one figure');
});

test('JupyterLab\'s output renderers (rendermime 4, no plotly extension) draw every figure of the executed parts, and show the PNG when untrusted', { timeout: 600_000 }, async (t) => {
  const executed = PARTS.map((part) => path.join(EXECUTED, notebookFile(part)));
  const missing = executed.filter((file) => !fs.existsSync(file));
  assert.deepEqual(missing, [], 'executed notebooks missing: the classic Notebook test above writes them');
  const script = await jupyterLabRendererScript();
  const browser = await launchChromium();
  t.after(() => browser.close());
  for (const file of executed) {
    const name = path.basename(file);
    const notebook = JSON.parse(fs.readFileSync(file, 'utf8')) as StoredNotebook;
    const outputs = outputsOf(notebook).filter((o) => o.data);
    const figures = outputs.filter(isFigure);
    for (const trusted of [true, false]) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(String(error)));
      try {
        await page.setContent('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body></body></html>');
        await page.addScriptTag({ content: script });
        const chosen = (await page.evaluate(
          ({ outputs, trusted }) => (window as any).renderOutputs(outputs, trusted),
          { outputs, trusted },
        )) as string[];
        if (trusted) {
          assert.equal(chosen.filter((mime) => mime === 'text/html').length >= figures.length, true, `${name}: figures take the HTML route`);
          await page.waitForFunction(
            (expected: number) => document.querySelectorAll('.ae-figure .js-plotly-plot svg.main-svg').length > 0 &&
              Array.from(document.querySelectorAll('.ae-figure')).filter((f) => f.querySelector('.js-plotly-plot svg.main-svg')).length >= expected,
            figures.length,
            { timeout: 120_000, polling: 500 },
          ).catch(() => undefined);
          const drawn = await page.evaluate(() => Array.from(document.querySelectorAll('.ae-figure')).filter((f) => f.querySelector('.js-plotly-plot svg.main-svg')).length);
          t.diagnostic(`${name} (JupyterLab, trusted): ${drawn}/${figures.length} figures drawn`);
          assert.equal(drawn, figures.length, `${name}: ${drawn} of ${figures.length} figures drawn`);
        } else {
          // Untrusted: scripts are removed by the sanitizer; every pixel figure still shows its picture, at its size.
          const pictures = await page.evaluate(async () => {
            const images = Array.from(document.querySelectorAll('.output img')) as HTMLImageElement[];
            await Promise.all(images.map((image) => image.decode().catch(() => undefined)));
            return images.map((image) => `${image.naturalWidth}x${image.naturalHeight}`);
          });
          const expected = expectedPictures(notebook);
          t.diagnostic(`${name} (JupyterLab, untrusted): ${pictures.length}/${expected.length} pictures shown`);
          assert.deepEqual(pictures, expected, `${name}: untrusted pixel figures show their PNG`);
        }
        assert.deepEqual(pageErrors, [], `${name}: page error(s)`);
        await page.screenshot({ path: path.join(SCREENSHOTS, `jupyterlab-${trusted ? 'trusted' : 'untrusted'}-${name.slice(0, 2)}.png`), fullPage: true });
      } finally {
        await page.close();
      }
    }
  }
});
