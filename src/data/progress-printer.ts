/**
 * A small text progress bar for long data steps (download, decoding), written to stderr: redrawn in
 * place with `\r` on a terminal or in a notebook, one line per 10 % when stderr is a plain file/pipe.
 */

/** Progress of a transfer or a loop: `done` of `total` (total unknown for some downloads). */
export interface TransferProgress {
  done: number;
  total?: number;
  seconds: number;
  /** True on the last call. */
  finished: boolean;
}

/** Options of createProgressPrinter(). */
export interface ProgressPrinterOptions {
  /** Where to write (default process.stderr). */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** 'bytes' shows MiB and MiB/s; 'items' shows counts (default 'bytes'). */
  unit?: 'bytes' | 'items';
  /** Redraw in place with \r (default: when the stream is a TTY or inside a Jupyter/tslab kernel). */
  inPlace?: boolean;
}

const MIB = 1024 * 1024;

function format(value: number, unit: 'bytes' | 'items'): string {
  return unit === 'bytes' ? `${(value / MIB).toFixed(1)} MiB` : String(value);
}

/** Returns a callback that draws `label [#####.....] 42% 12.0/172.0 MiB 8.1 MiB/s` as progress arrives. */
export function createProgressPrinter(label: string, options: ProgressPrinterOptions = {}): (p: TransferProgress) => void {
  const stream = options.stream ?? process.stderr;
  const unit = options.unit ?? 'bytes';
  const inPlace = options.inPlace ?? (Boolean(stream.isTTY) || process.env.JPY_PARENT_PID !== undefined || isTslab());
  let lastDraw = 0;
  let lastDecile = -1;
  return (p) => {
    const fraction = p.total ? Math.min(1, p.done / p.total) : undefined;
    const now = Date.now();
    if (!p.finished) {
      if (inPlace && now - lastDraw < 250) return;
      if (!inPlace) {
        const decile = fraction === undefined ? Math.floor(p.done / (10 * MIB)) : Math.floor(fraction * 10);
        if (decile === lastDecile) return;
        lastDecile = decile;
      }
    }
    lastDraw = now;
    const rate = p.seconds > 0 ? p.done / p.seconds : 0;
    const speed = unit === 'bytes' ? `${(rate / MIB).toFixed(1)} MiB/s` : `${rate.toFixed(0)}/s`;
    let line: string;
    if (fraction !== undefined && p.total !== undefined) {
      const width = 30;
      const filled = Math.round(fraction * width);
      const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
      line = `${label} [${bar}] ${(fraction * 100).toFixed(0).padStart(3)}% ${format(p.done, unit)}/${format(p.total, unit)} ${speed}`;
    } else {
      line = `${label} ${format(p.done, unit)} ${speed}`;
    }
    if (p.finished) line += ` done in ${p.seconds.toFixed(1)} s`;
    stream.write(inPlace ? `\r${line}${p.finished ? '\n' : ''}` : `${line}\n`);
  };
}

function isTslab(): boolean {
  return process.argv.some((arg) => /tslab/.test(arg));
}
