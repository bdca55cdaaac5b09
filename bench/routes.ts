/**
 * How the benchmark starts one measurement, each in its own process: a TensorFlow.js route (train-route.ts,
 * or the bundled train-route.js beside it on a machine without the project) and the PyTorch reference.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

export type Model = 'pca' | 'conv';
export type Row = Record<string, unknown> & { route: string; model: Model; threads: number; secondsPer1000?: number; error?: string };

/** The Python that runs the PyTorch reference: BENCH_PYTHON, else Debian's /usr/bin/python3 (it sees python3-torch). */
export const pythonCommand = process.env.BENCH_PYTHON ?? '/usr/bin/python3';

/** Route names as the tables print them. */
const ROUTE_NAMES: Record<string, string> = { 'wasm-fast': 'wasm fast route', 'wasm-threaded': 'wasm threaded build', 'wasm-builtin': 'wasm as shipped' };

/** Runs a command that prints one JSON line on stdout; returns the parsed object or an error row. */
export function runJson(command: string, args: string[], env: Record<string, string> = {}, timeoutMs = 1_800_000): Record<string, unknown> {
  const out = spawnSync(command, args, { env: { ...process.env, ...env }, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 24 });
  const line = (out.stdout ?? '').trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (line) return JSON.parse(line) as Record<string, unknown>;
  const why = out.error ? out.error.message : (out.stderr ?? '').trim().split('\n').slice(-1)[0];
  return { error: `no result (${why || `exit ${out.status}`})` };
}

/** Runs a bench script beside this one (`name`.ts through tsx, or `name`.js once bundled) with Node. */
export function runNodeScript(name: string, args: string[], env: Record<string, string> = {}): Record<string, unknown> {
  const ext = path.extname(__filename);
  const script = path.join(__dirname, `${name}${ext}`);
  return runJson(process.execPath, [...(ext === '.ts' ? ['--import', 'tsx'] : []), script, ...args], env);
}

/**
 * Trains `model` on one TensorFlow.js route with `threads` threads (AE_THREADS) for `images` images; `shards`
 * (AE_SHARDS) splits the fast route's batches into that many shards of threads / shards XNNPACK threads each.
 */
export function tfjsRun(route: string, model: Model, threads: number, images: number, shards?: number): Row {
  process.stderr.write(`bench: ${model} on ${route}${shards ? ` in ${shards} shards` : ''}, ${threads} thread(s), ${images} images…\n`);
  const env: Record<string, string> = { AE_THREADS: String(threads), AE_SHARDS: shards ? String(shards) : '' };
  const r = runNodeScript('train-route', [route, model, String(images)], env);
  const name = shards ? `wasm ${shards} shards × ${threads / shards} threads` : ROUTE_NAMES[route] ?? route;
  return { ...r, route: name, model, threads } as Row;
}

/** Trains `model` in PyTorch CPU with `threads` threads for `images` images. */
export function torchRun(model: Model, threads: number, images: number): Row {
  process.stderr.write(`bench: ${model} in PyTorch, ${threads} thread(s), ${images} images…\n`);
  const r = runJson(pythonCommand, [path.join(__dirname, 'pytorch_bench.py'), '--model', model, '--threads', String(threads), '--images', String(images)], {
    OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads),
  });
  return { ...r, route: `PyTorch ${String(r.version ?? '')} CPU`.replace('  ', ' '), model, threads } as Row;
}
