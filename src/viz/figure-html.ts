/**
 * The one home of the figure output format: the MIME bundle of a figure and its HTML form, shared by display.ts
 * (which writes it) and the pages renderer (which reads it back from executed notebooks). Pure functions: no
 * tslab, no file access.
 *
 * Bundle of one figure ({@link figureBundle}):
 *   - `application/vnd.plotly.v1+json`: the figure `{data, layout, config}` (JupyterLab / VS Code plotly renderers);
 *   - `text/html`: the fragment below (front ends that run scripts: Notebook 6 and 7, JupyterLab without the
 *     plotly extension, VS Code);
 *   - `image/png`: for pixel figures, their static picture (figure-png.ts), base64, for viewers that run no script;
 *   - `text/plain`: a one-line summary.
 *
 * HTML fragment of one figure ({@link figureFragment}):
 *
 *   <div class="ae-figure" id="ae-figure-ID">
 *   [<script type="text/javascript" data-plotly-library="VERSION">…plotly.js…</script>]   (first figure of a session only)
 *   <div class="ae-figure-plot" style="width:Wpx;height:Hpx">[<img> of the PNG | French fallback text]</div>
 *   <script type="application/json" data-plotly-figure="ID">{"data":[…],"layout":{…},"config":{…}}</script>
 *   <script type="text/javascript">…draws the JSON above with window.Plotly…</script>
 *   </div>
 *
 * The draw script does not rely on `document.currentScript` (null, or a detached copy in <head>, when jQuery
 * inserts the output, as classic Notebook does): it finds its root by id and waits until both the root is in the
 * page and window.Plotly exists. The library tag hides RequireJS's `define` (present in classic Notebook) from
 * plotly.js's UMD wrapper, so plotly.js always sets window.Plotly, and does nothing if window.Plotly already exists
 * (loaded once per page).
 *
 * Inside the JSON block, `<`, `>` and `&` are written as `\u003c`, `\u003e`, `\u0026` (and U+2028/2029 escaped),
 * so the block never contains `</script>` and `JSON.parse` of its text gives the figure back unchanged.
 */
import { figurePng } from './figure-png';
import type { Figure, PlotlyTrace } from './types';

/** MIME type of a plotly figure in a Jupyter MIME bundle (what JupyterLab's plotly renderer reads). */
export const FIGURE_MIME = 'application/vnd.plotly.v1+json';

/** MIME type of the static picture of a pixel figure (base64 in the bundle, as nbformat stores images). */
export const PNG_MIME = 'image/png';

/** Attribute marking the figure's JSON block in the HTML: `<script type="application/json" data-plotly-figure="ID">`. */
export const FIGURE_JSON_ATTRIBUTE = 'data-plotly-figure';

/** Attribute marking the inlined plotly.js library: `<script type="text/javascript" data-plotly-library="VERSION">`. */
export const PLOTLY_LIBRARY_ATTRIBUTE = 'data-plotly-library';

/** Plotly config used when a figure has none: no logo, no link to plotly's cloud. */
const DEFAULT_PLOTLY_CONFIG: Record<string, unknown> = { displaylogo: false, responsive: false };

/** The figure with its config filled in (default {@link DEFAULT_PLOTLY_CONFIG}), as stored in outputs. */
export function withConfig(figure: Figure): Figure {
  checkFigure(figure);
  return { data: figure.data, layout: figure.layout, config: { ...DEFAULT_PLOTLY_CONFIG, ...figure.config } };
}

/** Throws a clear Error unless `figure` looks like `{data: [...], layout: {...}}`. */
export function checkFigure(figure: unknown): asserts figure is Figure {
  const f = figure as Figure;
  if (!f || typeof f !== 'object' || !Array.isArray(f.data) || !f.layout || typeof f.layout !== 'object') {
    throw new Error(
      'figure : une figure plotly { data: […], layout: {…} } est attendue, comme celles que renvoient imageGridFigure, lossCurvesFigure…',
    );
  }
}

/** JSON of a figure made safe to sit inside a `<script>` element (escapes `<`, `>`, `&`, U+2028, U+2029). */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * A `<script>` element that defines `window.Plotly` from the given plotly.js source (inlined, offline): RequireJS's
 * `define` and CommonJS names are hidden from plotly.js's UMD wrapper, and nothing runs when window.Plotly exists.
 */
export function plotlyLibraryTag(plotlySource: string, version: string): string {
  // Defensive: a literal "</script" or "<!--" inside the source would end or confuse the HTML element.
  const safe = plotlySource.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--');
  const guarded =
    "(function (define, module, exports) {\nif (window.Plotly && typeof window.Plotly.newPlot === 'function') return;\n" +
    `${safe}\n}).call(window);`;
  return `<script type="text/javascript" ${PLOTLY_LIBRARY_ATTRIBUTE}="${escapeAttribute(version)}">${guarded}</script>`;
}

/** Options of {@link figureFragment}. */
export interface FragmentOptions {
  /** Element id suffix (letters, digits, '-'); must be unique within a page. */
  id: string;
  /** plotly.js source to inline before the figure (the first figure of a session), with its version. */
  plotly?: { source: string; version: string };
  /** Base64 PNG of the figure (figure-png.ts), shown until plotly.js draws, and where no script runs. */
  png?: string;
}

/** Text shown in place of a chart (no PNG) until plotly.js draws it. */
const FALLBACK_TEXT =
  "Figure interactive (plotly) : elle s'affiche quand le notebook est approuvé (« Trust ») et ses scripts exécutés.";

/** Note added under a figure when plotly.js is still missing after 10 s. */
const MISSING_PLOTLY_TEXT =
  "plotly.js n'est pas encore chargé dans cette page : exécutez loadPlotly() ou réexécutez cette cellule (la " +
  "première figure d'une session du noyau inclut plotly.js). La figure s'affichera alors.";

/**
 * HTML fragment showing `figure` (format in this module's header): self-contained when `plotly` is given,
 * otherwise it polls for `window.Plotly` from an earlier output (every 0.1 s for 10 s, then every second for
 * 10 minutes), explaining after 10 s what to do.
 */
export function figureFragment(figure: Figure, options: FragmentOptions): string {
  const full = withConfig(figure);
  const id = options.id.replace(/[^A-Za-z0-9-]/g, '-');
  const width = typeof full.layout.width === 'number' ? `width:${full.layout.width}px;` : '';
  const height = typeof full.layout.height === 'number' ? `height:${full.layout.height}px;` : 'height:450px;';
  const placeholder = options.png
    ? `<img src="data:image/png;base64,${options.png}" alt="${escapeAttribute(figureSummary(full))}">`
    : escapeHtml(FALLBACK_TEXT);
  const drawScript = [
    '(function () {',
    `  var id = ${JSON.stringify(`ae-figure-${id}`)};`,
    '  var script = document.currentScript;',
    '  var own = script && script.parentNode && script.parentNode.id === id ? script.parentNode : null;',
    '  var tries = 0;',
    '  function draw() {',
    '    var root = own || document.getElementById(id);',
    '    var P = window.Plotly;',
    "    if (root && P && typeof P.newPlot === 'function') {",
    "      var plot = root.querySelector('.ae-figure-plot');",
    `      var spec = JSON.parse(root.querySelector('script[${FIGURE_JSON_ATTRIBUTE}]').textContent);`,
    "      plot.textContent = '';",
    "      var note = root.querySelector('.ae-figure-note');",
    '      if (note) note.parentNode.removeChild(note);',
    '      P.newPlot(plot, spec.data, spec.layout, spec.config || {});',
    '      return;',
    '    }',
    '    tries += 1;',
    '    if (tries === 100 && root && !P) {',
    "      var message = document.createElement('div');",
    "      message.className = 'ae-figure-note';",
    `      message.textContent = ${JSON.stringify(MISSING_PLOTLY_TEXT)};`,
    '      root.appendChild(message);',
    '    }',
    '    if (tries < 700) setTimeout(draw, tries < 100 ? 100 : 1000);',
    '  }',
    '  draw();',
    '})();',
  ].join('\n');
  return [
    `<div class="ae-figure" id="ae-figure-${id}">`,
    ...(options.plotly ? [plotlyLibraryTag(options.plotly.source, options.plotly.version)] : []),
    `<div class="ae-figure-plot" style="${width}${height}">${placeholder}</div>`,
    `<script type="application/json" ${FIGURE_JSON_ATTRIBUTE}="${id}">${scriptSafeJson(full)}</script>`,
    `<script type="text/javascript">\n${drawScript}\n</script>`,
    '</div>',
  ].join('\n');
}

/**
 * The Jupyter MIME bundle of one figure (layout in this module's header): plotly JSON, HTML fragment, PNG of
 * pixel figures (also shown inside the HTML until plotly.js draws) and a text summary.
 */
export function figureBundle(figure: Figure, options: Omit<FragmentOptions, 'png'>): Record<string, unknown> {
  const full = withConfig(figure);
  const png = figurePng(full)?.toString('base64');
  return {
    [FIGURE_MIME]: full,
    'text/html': figureFragment(full, { ...options, png }),
    ...(png ? { [PNG_MIME]: png } : {}),
    'text/plain': figureSummary(full),
  };
}

/** A complete offline HTML page (plotly.js inlined once) showing `figures` one below the other. */
export function figurePage(
  figures: Figure[],
  options: { title?: string; plotly: { source: string; version: string } },
): string {
  if (figures.length === 0) throw new Error('figurePage : aucune figure donnée ; passez au moins une figure.');
  const title = options.title ?? figureTitle(figures[0]) ?? 'Figure';
  return [
    '<!DOCTYPE html>',
    '<html lang="fr">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    plotlyLibraryTag(options.plotly.source, options.plotly.version),
    '</head>',
    '<body>',
    ...figures.map((figure, i) => figureFragment(figure, { id: `page-${i + 1}` })),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The figure's title text (layout.title as string or {text}), or undefined. */
function figureTitle(figure: Figure): string | undefined {
  const title = figure.layout.title as unknown;
  if (typeof title === 'string') return title;
  if (title && typeof title === 'object' && typeof (title as { text?: unknown }).text === 'string') {
    return (title as { text: string }).text;
  }
  return undefined;
}

/** One-line French text summary of a figure (used as `text/plain` and outside a notebook). */
export function figureSummary(figure: Figure): string {
  checkFigure(figure);
  const counts = new Map<string, number>();
  for (const trace of figure.data as PlotlyTrace[]) counts.set(trace.type, (counts.get(trace.type) ?? 0) + 1);
  const kinds = [...counts.entries()].map(([type, n]) => `${type} ×${n}`).join(', ');
  const title = figureTitle(figure);
  const size =
    typeof figure.layout.width === 'number' && typeof figure.layout.height === 'number'
      ? `, ${figure.layout.width}×${figure.layout.height} px`
      : '';
  return `[figure plotly] ${title ? `« ${title} » : ` : ''}${figure.data.length} trace(s)${kinds ? ` (${kinds})` : ''}${size}`;
}

/**
 * Figures found in an HTML string: the JSON of every `<script type="application/json" data-plotly-figure="…">`
 * block, parsed, in document order.
 */
export function figuresFromHtml(html: string): Figure[] {
  const pattern = new RegExp(`<script type="application/json" ${FIGURE_JSON_ATTRIBUTE}="[^"]*">([\\s\\S]*?)</script>`, 'g');
  const figures: Figure[] = [];
  for (const match of html.matchAll(pattern)) figures.push(JSON.parse(match[1]) as Figure);
  return figures;
}

/** A notebook output as stored in an .ipynb (or a display_data message's content). */
export interface DisplayOutputLike {
  output_type?: string;
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

/**
 * Figures of one notebook output: the `application/vnd.plotly.v1+json` entry when present (object or JSON string),
 * otherwise the JSON blocks of its `text/html` (string or list of lines, as nbformat stores it). Empty when none.
 */
export function figuresFromOutput(output: DisplayOutputLike): Figure[] {
  const data = output.data ?? {};
  const mime = data[FIGURE_MIME];
  if (mime !== undefined && mime !== null) {
    const figure = (typeof mime === 'string' ? JSON.parse(mime) : mime) as Figure;
    return [figure];
  }
  const html = data['text/html'];
  const text = Array.isArray(html) ? html.join('') : typeof html === 'string' ? html : '';
  return text.includes(FIGURE_JSON_ATTRIBUTE) ? figuresFromHtml(text) : [];
}

/** Whether an output only carries the inlined plotly.js library (from loadPlotly): nothing to render in a page. */
export function isPlotlyLibraryOutput(output: DisplayOutputLike): boolean {
  const html = output.data?.['text/html'];
  const text = Array.isArray(html) ? html.join('') : typeof html === 'string' ? html : '';
  return text.includes(PLOTLY_LIBRARY_ATTRIBUTE) && !text.includes(FIGURE_JSON_ATTRIBUTE) && !output.data?.[FIGURE_MIME];
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;');
}
