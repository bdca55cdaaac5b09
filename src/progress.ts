/**
 * A text progress bar that works in a terminal and in a tslab notebook: it redraws one line with "\r"
 * (Jupyter front-ends honour carriage returns in stream output), throttled so a notebook does not
 * receive thousands of messages. Where neither applies (CI logs, pipes) it prints one line per finish.
 */
import path from 'node:path';

/** `redraw`: one line rewritten with \r; `lines`: only the final line of each bar; `silent`: nothing; `auto`: pick. */
export type ProgressMode = 'auto' | 'redraw' | 'lines' | 'silent';

/** Something with a write(text) method, like process.stdout. */
export interface TextSink {
  write(text: string): unknown;
}

/** Options of ProgressBar. */
export interface ProgressOptions {
  mode?: ProgressMode;
  /** Where to write (default: process.stdout, looked up at each write so tslab's capture is used). */
  stream?: TextSink;
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

/** Resolves `auto` to `redraw` (terminal or notebook) or `lines` (anything else). */
export function resolveProgressMode(mode: ProgressMode = 'auto'): Exclude<ProgressMode, 'auto'> {
  if (mode !== 'auto') return mode;
  return process.stdout.isTTY || inNotebook() ? 'redraw' : 'lines';
}

/** Formats seconds as "4.2s", "3m05s" or "1h02m". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(Math.floor(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

const defaultSink: TextSink = { write: (text: string) => process.stdout.write(text) };

/**
 * A one-line progress bar: `update(current, info)` redraws it at most every `minIntervalMs`,
 * `finish(info)` writes the final state and a newline. Introduced in 11-entrainement-de-l-autoencodeur.
 * @example const bar = new ProgressBar(100, 'Epoch 1/5'); bar.update(50, 'loss 0.01'); bar.finish('loss 0.009');
 */
export class ProgressBar {
  readonly total: number;
  readonly label: string;
  readonly mode: Exclude<ProgressMode, 'auto'>;
  private readonly sink: TextSink;
  private readonly minIntervalMs: number;
  private readonly width: number;
  private readonly now: () => number;
  private readonly start: number;
  private lastDraw = -Infinity;
  private lastLength = 0;
  private finished = false;

  constructor(total: number, label = '', options: ProgressOptions = {}) {
    if (!Number.isFinite(total) || total < 0) {
      throw new Error(`ProgressBar total must be a finite number >= 0, got ${total}: pass the number of steps.`);
    }
    this.total = total;
    this.label = label;
    this.mode = resolveProgressMode(options.mode);
    this.sink = options.stream ?? defaultSink;
    this.minIntervalMs = options.minIntervalMs ?? (inNotebook() ? 500 : 100);
    this.width = options.width ?? 30;
    this.now = options.now ?? Date.now;
    this.start = this.now();
  }

  /** The text of the bar for `current` steps done, e.g. "Epoch 1/5 [=====>....] 3/10 1.2s loss 0.01". */
  render(current: number, info = ''): string {
    const done = Math.max(0, Math.min(current, this.total));
    const fraction = this.total === 0 ? 1 : done / this.total;
    const filled = Math.round(fraction * this.width);
    const bar = '='.repeat(Math.max(0, filled - (fraction < 1 ? 1 : 0))) + (fraction < 1 ? '>' : '');
    const elapsed = (this.now() - this.start) / 1000;
    const time =
      fraction >= 1 || done === 0 || elapsed <= 0
        ? formatDuration(elapsed)
        : `${formatDuration(elapsed)} (ETA ${formatDuration((elapsed * (1 - fraction)) / fraction)})`;
    const parts = [this.label, `[${bar.padEnd(this.width, '.')}]`, `${done}/${this.total}`, time, info];
    return parts.filter((p) => p !== '').join(' ');
  }

  /** Shows `current` steps done (throttled); does nothing in `lines` and `silent` modes. */
  update(current: number, info = ''): void {
    if (this.finished || this.mode !== 'redraw') return;
    const t = this.now();
    if (t - this.lastDraw < this.minIntervalMs) return;
    this.lastDraw = t;
    this.draw(this.render(current, info), '');
  }

  /** Writes the completed bar with `info` and ends the line (once). */
  finish(info = '', current = this.total): void {
    if (this.finished) return;
    this.finished = true;
    if (this.mode === 'silent') return;
    this.draw(this.render(current, info), '\n');
  }

  private draw(line: string, end: string): void {
    if (this.mode === 'redraw') {
      const pad = ' '.repeat(Math.max(0, this.lastLength - line.length));
      this.sink.write(`\r${line}${pad}${end}`);
    } else {
      this.sink.write(`${line}${end}`);
    }
    this.lastLength = line.length;
  }
}
