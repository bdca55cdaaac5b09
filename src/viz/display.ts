/**
 * Shows figures in a tslab notebook, offline, and writes them as standalone HTML files.
 * The figures' way to tslab (loaded lazily, only inside a tslab kernel); progress lines go through src/notebook-display.ts.
 *
 * What one `showFigure(fig)` call emits inside a tslab kernel — ONE `display_data` output whose MIME bundle is
 * figureBundle() of figure-html.ts (plotly JSON, HTML fragment with plotly.js inlined for the first figure of the
 * kernel session, PNG of pixel figures, text summary), with metadata `{"autoencodeurs": {"role": "figure"}}`.
 * If the kernel's internal multi-MIME writer cannot be found (another tslab version), the output falls back to
 * tslab's public `display.html(...)`: a bundle with `text/html` only, same fragment (the JSON block is always there).
 * `loadPlotly()` emits a `text/html` output holding only the library tag and a short note (metadata role
 * "plotly-library"). Outside a tslab kernel (plain node, tests), showFigure prints the summary line on stdout.
 * Readers should use figuresFromOutput() / isPlotlyLibraryOutput() from figure-html.ts.
 */
import * as crypto from 'crypto';
import * as path from 'path';
import { writeFileAtomic } from '../atomic-write';
import { kernelTslab, type KernelTslab } from '../kernel-tslab';
import { tf } from '../tf';
import { checkFigure, figureBundle, figurePage, figureSummary, plotlyLibraryTag, withConfig } from './figure-html';
import { imageGridFigure, type ImageGridOptions } from './image-grid';
import { plotlySource } from './plotly-source';
import { tensorToImages } from './tensor-to-images';
import type { Figure, PlainImage } from './types';

/** When plotly.js is inlined into a figure's output. */
export type IncludePlotly = 'auto' | 'always' | 'never';

/** Options of {@link showFigure}. */
export interface ShowFigureOptions {
  /** 'auto' (default): inline plotly.js only if this kernel session has not sent it yet; 'always'; 'never'. */
  includePlotly?: IncludePlotly;
}

/** A Jupyter MIME bundle as tslab's kernel sends it (display_data content). */
interface DisplayData {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  transient: Record<string, unknown>;
}

/** Where outputs go: the kernel's display writer, or null outside a tslab kernel. */
type Sink = { write(bundle: DisplayData): void; multiMime: boolean } | null;

/** Per-process state (kept on globalThis so a re-required module still knows plotly.js was sent). */
interface DisplayState {
  plotlySent: boolean;
  counter: number;
}

const STATE_KEY = Symbol.for('autoencodeurs.viz.display');

function state(): DisplayState {
  const holder = globalThis as unknown as Record<symbol, DisplayState | undefined>;
  return (holder[STATE_KEY] ??= { plotlySent: false, counter: 0 });
}

/**
 * Shows a plotly figure inline in a tslab notebook (offline: plotly.js comes from node_modules, inlined once per
 * kernel session), as one display_data output (format in this module's header); outside a notebook, prints a
 * one-line summary. Returns nothing, so a cell ending with it prints no JSON. Introduced in 05-decodage-d-images.
 */
export function showFigure(figure: Figure, options: ShowFigureOptions = {}): void {
  checkFigure(figure);
  const full = withConfig(figure);
  const sink = displaySink();
  if (!sink) {
    console.log(figureSummary(full));
    return;
  }
  const s = state();
  const mode = options.includePlotly ?? 'auto';
  const include = mode === 'always' || (mode === 'auto' && !s.plotlySent);
  s.counter += 1;
  // The random part keeps ids unique in a page that shows outputs of several kernel sessions or notebooks.
  const id = `${s.counter}-${hashJson(full)}-${crypto.randomBytes(3).toString('hex')}`;
  const bundle = figureBundle(full, { id, plotly: include ? plotlySource() : undefined });
  sink.write({
    data: sink.multiMime ? bundle : { 'text/html': bundle['text/html'] },
    metadata: { autoencodeurs: { role: 'figure' } },
    transient: {},
  });
  if (include) s.plotlySent = true;
}

/**
 * Inlines plotly.js (from node_modules) as its own output so later figures of the notebook can use it, even
 * after the first figure's cell is re-run; call it in a notebook's first cell. No-op outside a tslab kernel.
 */
export function loadPlotly(): void {
  const sink = displaySink();
  if (!sink) return;
  const { source, version } = plotlySource();
  const note = `plotly.js ${version} chargé (hors ligne) pour les figures de ce notebook.`;
  sink.write({
    data: sink.multiMime
      ? { 'text/html': `${plotlyLibraryTag(source, version)}\n<div class="ae-plotly-note">${note}</div>`, 'text/plain': note }
      : { 'text/html': `${plotlyLibraryTag(source, version)}\n<div class="ae-plotly-note">${note}</div>` },
    metadata: { autoencodeurs: { role: 'plotly-library' } },
    transient: {},
  });
  state().plotlySent = true;
}

/**
 * Shows images (a tensor [n, h, w, 3] / [h, w, 3] in [0, 1], or plain arrays) as a grid: imageGridFigure +
 * showFigure. The tensor stays the caller's.
 */
export function showImages(images: tf.Tensor | PlainImage[], options: ImageGridOptions & ShowFigureOptions = {}): void {
  const plain = Array.isArray(images) ? images : tensorToImages(images);
  const { includePlotly, ...gridOptions } = options;
  showFigure(imageGridFigure(plain, gridOptions), { includePlotly });
}

/**
 * Writes `figure` (or several, one below the other) as a standalone offline HTML page (plotly.js inlined) at
 * `filePath`, atomically (temporary file + rename; parent folders created). Returns the absolute path.
 */
export function writeFigureHtml(figure: Figure | Figure[], filePath: string, options: { title?: string } = {}): string {
  const figures = Array.isArray(figure) ? figure : [figure];
  figures.forEach((f) => checkFigure(f));
  const html = figurePage(figures, { title: options.title, plotly: plotlySource() });
  const target = path.resolve(filePath);
  try {
    writeFileAtomic(target, html);
  } catch (error) {
    throw new Error(
      `writeFigureHtml : impossible d'écrire ${target} (${(error as Error).message}) ; choisissez un dossier où vous pouvez écrire.`,
    );
  }
  return target;
}

/** Short stable hash of a figure's JSON (part of the element id). */
function hashJson(figure: Figure): string {
  return crypto.createHash('sha256').update(JSON.stringify(figure)).digest('hex').slice(0, 8);
}

/**
 * Finds how to send outputs to the running tslab kernel: its internal `lastWriteDisplayData` (several MIME types
 * in one output) when reachable, else its public `display.html`. Null outside a tslab kernel.
 */
function displaySink(): Sink {
  const tslab = kernelTslab();
  if (tslab === null) return null;
  const writer = kernelDisplayWriter(tslab);
  if (writer) return { write: (bundle) => writer(bundle, false), multiMime: true };
  return {
    multiMime: false,
    write: (bundle) => {
      try {
        tslab.display.html(String(bundle.data['text/html']));
      } catch {
        // "Not ready": no cell is executing (e.g. called from a timer after the kernel restarted).
        console.log(String(bundle.data['text/plain'] ?? '[figure plotly]'));
      }
    },
  };
}

type Writer = (bundle: DisplayData, update: boolean) => void;

/**
 * The kernel's `jupyter.lastWriteDisplayData` (tslab 1.0.x internals): the module next to the kernel's public.js
 * in require.cache, else any loaded tslab/dist/jupyter.js whose writer is set (only the running kernel sets it).
 */
function kernelDisplayWriter(tslab: KernelTslab): Writer | null {
  const cache = require.cache;
  const publicModule = Object.values(cache).find((m) => m && m.exports === tslab);
  const candidates: string[] = [];
  if (publicModule) candidates.push(path.join(path.dirname(publicModule.filename), 'jupyter.js'));
  for (const key of Object.keys(cache)) {
    if (/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(key) && !candidates.includes(key)) candidates.push(key);
  }
  for (const candidate of candidates) {
    const writer = (cache[candidate]?.exports as { lastWriteDisplayData?: unknown } | undefined)?.lastWriteDisplayData;
    if (typeof writer === 'function') return writer as Writer;
  }
  return null;
}
