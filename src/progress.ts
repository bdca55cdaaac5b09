/**
 * The library's one text progress bar, for training epochs and for long data steps (download, decoding).
 * In a notebook (tslab kernel) the bar is one output updated in place (a Jupyter display with a display_id):
 * JupyterLab, Notebook 6, VS Code and nbclient keep only its last state, so a training cell saves one line per
 * epoch. In a terminal it redraws one line with "\r", throttled. Where neither applies (CI logs, pipes) it
 * prints the final line of each bar, plus one line per `linesEvery` of the total. AE_PROGRESS forces a mode.
 */
import path from 'node:path';
import { canShowNotebookDisplays, type LineDisplay, newNotebookLineDisplay } from './notebook-display';

/**
 * `display`: a notebook output replaced in place; `redraw`: one line rewritten with \r; `lines`: the final line of
 * each bar (and one per `linesEvery`); `silent`: nothing; `auto`: AE_PROGRESS if set, else pick.
 */
export type ProgressMode = 'auto' | 'display' | 'redraw' | 'lines' | 'silent';

const MODES: readonly ProgressMode[] = ['display', 'redraw', 'lines', 'silent'];

/** Something with a write(text) method, like process.stdout; `isTTY` (when true) lets `auto` mode redraw. */
export interface TextSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Options of ProgressBar. */
export interface ProgressOptions {
  mode?: ProgressMode;
  /** Where to write (default: process.stdout, looked up at each write so tslab's capture is used). */
  stream?: TextSink;
  /** Makes the output `display` mode replaces (default: a tslab display; null, or a failing show, falls back to `redraw`). */
  display?: () => LineDisplay | null;
  /** How counts read: 'items' (default) as `3/10`, or 'bytes' as `1.5/172.0 MiB` followed by the rate in MiB/s. */
  unit?: 'items' | 'bytes';
  /**
   * In `lines` mode, also print a line each time this fraction of the total is passed (0.1: every 10 %),
   * so that a long step shows it is alive in a CI log (default: only the final line).
   */
  linesEvery?: number;
  /** Minimum time between two redraws (default 100 ms in a terminal, 500 ms in a notebook). */
  minIntervalMs?: number;
  /** Width of the bar in characters (default 30). */
  width?: number;
  /** Clock in milliseconds (default Date.now), injectable for tests. */
  now?: () => number;
}

/** True when running inside a tslab (Jupyter) kernel. */
export function inNotebook(): boolean {
  return (
    process.env.JPY_PARENT_PID !== undefined || process.argv.slice(1, 3).some((arg) => /^tslab(\.js)?$/.test(path.basename(arg)))
  );
}

/**
 * Resolves `auto`: AE_PROGRESS (`display`, `redraw`, `lines` or `silent`) when set, else `display` in a tslab
 * notebook, `redraw` when `stream` (default process.stdout) is a terminal (or in a notebook without displays),
 * else `lines`. Throws on an unknown AE_PROGRESS.
 */
export function resolveProgressMode(
  mode: ProgressMode = 'auto',
  stream: TextSink = process.stdout,
  env: Record<string, string | undefined> = process.env,
): Exclude<ProgressMode, 'auto'> {
  if (mode !== 'auto') return mode;
  const forced = env.AE_PROGRESS?.trim();
  if (forced !== undefined && forced !== '' && forced !== 'auto') {
    if (!MODES.includes(forced as ProgressMode)) {
      throw new Error(`AE_PROGRESS="${forced}" n'est pas un mode d'affichage de la progression : utilisez ${MODES.join(', ')} ou auto (ou retirez ce réglage).`);
    }
    return forced as Exclude<ProgressMode, 'auto'>;
  }
  if (inNotebook() && canShowNotebookDisplays()) return 'display';
  return stream.isTTY || inNotebook() ? 'redraw' : 'lines';
}

/** Formats seconds as "4.2s", "3m05s" or "1h02m". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(Math.floor(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

const MIB = 1024 * 1024;

/** process.stdout or process.stderr, looked up at each write (tslab swaps them while a cell runs). */
function processSink(name: 'stdout' | 'stderr'): TextSink {
  return {
    write: (text: string) => process[name].write(text),
    get isTTY() {
      return process[name].isTTY;
    },
  };
}

/**
 * A one-line progress bar: `update(current, info)` redraws it at most every `minIntervalMs`,
 * `finish(info)` writes the final state and a newline. `total` may be undefined when unknown (a download
 * without Content-Length): the bar then shows the count and the time only.
 * @example const bar = new ProgressBar(100, 'Epoch 1/5'); bar.update(50, 'loss 0.01'); bar.finish('loss 0.009');
 */
export class ProgressBar {
  readonly total: number | undefined;
  readonly label: string;
  readonly mode: Exclude<ProgressMode, 'auto'>;
  private readonly sink: TextSink;
  private readonly makeDisplay: () => LineDisplay | null;
  /** The output `display` mode replaces; null once it could not be made or used (then drawn as `redraw`). */
  private display: LineDisplay | null | undefined;
  private readonly unit: 'items' | 'bytes';
  private readonly linesEvery: number | undefined;
  private readonly minIntervalMs: number;
  private readonly width: number;
  private readonly now: () => number;
  private readonly start: number;
  private current = 0;
  private linesPrinted = 0;
  private lastDraw = -Infinity;
  private lastLength = 0;
  private finished = false;

  constructor(total: number | undefined, label = '', options: ProgressOptions = {}) {
    if (total !== undefined && (!Number.isFinite(total) || total < 0)) {
      throw new Error(`internal error: ProgressBar total must be a finite number >= 0, got ${total}: pass the number of steps.`);
    }
    if (options.linesEvery !== undefined && !(options.linesEvery > 0 && options.linesEvery <= 1)) {
      throw new Error(`linesEvery (progression) doit être dans ]0, 1], reçu ${options.linesEvery} : passez par exemple 0.1 (une ligne tous les 10 %).`);
    }
    this.total = total;
    this.label = label;
    this.sink = options.stream ?? processSink('stdout');
    this.mode = resolveProgressMode(options.mode, this.sink);
    this.makeDisplay = options.display ?? newNotebookLineDisplay;
    this.unit = options.unit ?? 'items';
    this.linesEvery = options.linesEvery;
    this.minIntervalMs = options.minIntervalMs ?? (inNotebook() ? 500 : 100);
    this.width = options.width ?? 30;
    this.now = options.now ?? Date.now;
    this.start = this.now();
  }

  /** The text of the bar for `current` steps done, e.g. "Epoch 1/5 [=====>....] 3/10 1.2s loss 0.01". */
  render(current: number, info = ''): string {
    const elapsed = (this.now() - this.start) / 1000;
    const parts = [this.label];
    if (this.total === undefined) {
      parts.push(this.count(Math.max(0, current)), formatDuration(elapsed));
    } else {
      const done = Math.max(0, Math.min(current, this.total));
      const fraction = this.total === 0 ? 1 : done / this.total;
      const filled = Math.round(fraction * this.width);
      const bar = '='.repeat(Math.max(0, filled - (fraction < 1 ? 1 : 0))) + (fraction < 1 ? '>' : '');
      const time =
        fraction >= 1 || done === 0 || elapsed <= 0
          ? formatDuration(elapsed)
          : `${formatDuration(elapsed)} (ETA ${formatDuration((elapsed * (1 - fraction)) / fraction)})`;
      parts.push(`[${bar.padEnd(this.width, '.')}]`, this.count(done, this.total), time);
    }
    if (this.unit === 'bytes' && elapsed > 0) parts.push(`${(Math.max(0, current) / MIB / elapsed).toFixed(1)} MiB/s`);
    parts.push(info);
    return parts.filter((p) => p !== '').join(' ');
  }

  /**
   * Shows `current` steps done: redrawn (throttled) in `display` and `redraw` modes; in `lines` mode printed only when
   * another `linesEvery` of the total is passed; nothing in `silent` mode.
   */
  update(current: number, info = ''): void {
    if (this.finished) return;
    this.current = current;
    if (this.mode === 'lines') {
      if (this.linesEvery === undefined || this.total === undefined || this.total === 0 || current >= this.total) return;
      const passed = Math.floor(current / this.total / this.linesEvery + 1e-9);
      if (passed <= this.linesPrinted) return;
      this.linesPrinted = passed;
      this.draw(this.render(current, info), '\n');
      return;
    }
    if (this.mode !== 'redraw' && this.mode !== 'display') return;
    const t = this.now();
    if (t - this.lastDraw < this.minIntervalMs) return;
    this.lastDraw = t;
    this.draw(this.render(current, info), '');
  }

  /** Writes the final state (`current`, default the total, else the last update) with `info` and ends the line (once). */
  finish(info = '', current = this.total ?? this.current): void {
    if (this.finished) return;
    this.finished = true;
    if (this.mode === 'silent') return;
    this.draw(this.render(current, info), '\n');
  }

  private count(done: number, total?: number): string {
    if (this.unit === 'bytes') {
      const mib = (bytes: number): string => (bytes / MIB).toFixed(1);
      return total === undefined ? `${mib(done)} MiB` : `${mib(done)}/${mib(total)} MiB`;
    }
    return total === undefined ? String(done) : `${done}/${total}`;
  }

  private draw(line: string, end: string): void {
    if (this.mode === 'display' && this.showInDisplay(line)) return;
    if (this.mode === 'display' || this.mode === 'redraw') {
      const pad = ' '.repeat(Math.max(0, this.lastLength - line.length));
      this.sink.write(`\r${line}${pad}${end}`);
    } else {
      this.sink.write(`${line}${end}`);
    }
    this.lastLength = line.length;
  }

  /** Shows `line` in the bar's display (made on first use); false when there is none, or it failed (no cell running). */
  private showInDisplay(line: string): boolean {
    if (this.display === undefined) this.display = this.makeDisplay();
    if (this.display === null) return false;
    try {
      this.display.show(line);
      return true;
    } catch {
      this.display = null;
      return false;
    }
  }
}

/** Progress of a transfer or a loop: `done` of `total` (undefined for a download of unknown size) after `seconds`. */
export interface TransferProgress {
  done: number;
  total?: number;
  seconds: number;
  /** True on the last call. */
  finished: boolean;
}

/**
 * An `onProgress` callback that draws {@link TransferProgress} reports as a ProgressBar, on stderr by default,
 * with a line per 10 % in CI logs (`Downloading lfw.tgz`, unit 'bytes'; `Decoding lfw.tgz`, unit 'items').
 * @example await downloadFile(urls, dest, { onProgress: transferProgressBar('Downloading lfw.tgz', { unit: 'bytes' }) });
 */
export function transferProgressBar(label: string, options: ProgressOptions = {}): (progress: TransferProgress) => void {
  let bar: ProgressBar | undefined;
  return (progress) => {
    bar ??= new ProgressBar(progress.total, label, { stream: processSink('stderr'), linesEvery: 0.1, ...options });
    if (progress.finished) bar.finish('', progress.done);
    else bar.update(progress.done);
  };
}
