/**
 * The conv autoencoder's scaling over thread counts: the fast wasm route, the threaded build and PyTorch,
 * measured one after the other at each count (so that all three see the same load), and its Markdown table.
 */
import { MAX_XNNPACK_THREADS } from '../src/backend/thread-plan';
import { tfjsRun, torchRun, type Row } from './routes';

/** Thread counts of the scaling table: 1, 2, 4, 8, … below `cores`, then `cores` itself. */
export function scalingThreads(cores: number): number[] {
  const counts: number[] = [];
  for (let t = 1; t < cores; t *= 2) counts.push(t);
  counts.push(cores);
  return counts;
}

/** Shard counts worth measuring at `threads` threads: 2, 4, 8 shards of 2 to MAX_XNNPACK_THREADS XNNPACK threads each. */
export function hybridShards(threads: number): number[] {
  return [2, 4, 8].filter((s) => threads % s === 0 && threads / s >= 2 && threads / s <= MAX_XNNPACK_THREADS);
}

/** One line of the scaling table: the fast wasm route, the threaded build and PyTorch at one thread count. */
export interface ScalingRow {
  threads: number;
  wasmSecondsPer1000?: number;
  wasmSpeedup?: number;
  /** The fast route's median step, as s / 1,000 images, and its speed-up over the 1-thread median: less sensitive to a slowed-down host. */
  wasmMedianSecondsPer1000?: number;
  wasmMedianSpeedup?: number;
  /** The threaded tfjs build (XNNPACK threads, no workers); speed-up against the fast route on 1 thread. */
  threadedSecondsPer1000?: number;
  threadedSpeedup?: number;
  /** The fastest split into shards × XNNPACK threads (AE_SHARDS), e.g. '4 × 4'; speed-up against the fast route on 1 thread. */
  hybridPlan?: string;
  hybridSecondsPer1000?: number;
  hybridSpeedup?: number;
  pytorchSecondsPer1000?: number;
  pytorchSpeedup?: number;
  pytorchMedianSecondsPer1000?: number;
  pytorchMedianSpeedup?: number;
  /** The fast route (the course's default) over PyTorch at the same thread count. */
  ratioToPyTorch?: number;
}

/** The conv model measured on every route at each of `counts` threads: tfjs rows, and PyTorch rows by count. */
export function measureScaling(counts: number[], images: number): { rows: Row[]; torch: Map<number, Row> } {
  const rows: Row[] = [];
  const torch = new Map<number, Row>();
  for (const threads of counts) {
    torch.set(threads, torchRun('conv', threads, images));
    rows.push(tfjsRun('wasm-fast', 'conv', threads, images));
    if (threads > 1) rows.push(tfjsRun('wasm-threaded', 'conv', threads, images));
    for (const shards of hybridShards(threads)) rows.push(tfjsRun('wasm-fast', 'conv', threads, images, shards));
  }
  return { rows, torch };
}

const seconds = (r: Row | undefined): number | undefined => (typeof r?.secondsPer1000 === 'number' ? r.secondsPer1000 : undefined);
const medianSeconds = (r: Row | undefined): number | undefined =>
  (typeof r?.medianStepSecondsPer1000 === 'number' ? r.medianStepSecondsPer1000 : undefined);

/** The scaling table from measured rows, speed-ups relative to each route's own 1-thread time. */
export function scalingTable(rows: Row[], torch: Map<number, Row>, counts: number[]): ScalingRow[] {
  const rowAt = (route: string, t: number) => rows.find((r) => r.model === 'conv' && r.route === route && r.threads === t);
  const routeAt = (route: string, t: number) => seconds(rowAt(route, t));
  const wasmAt = (t: number) => routeAt('wasm fast route', t);
  const wasmMedianAt = (t: number) => medianSeconds(rowAt('wasm fast route', t));
  const wasm1 = wasmAt(1);
  const wasmMedian1 = wasmMedianAt(1);
  const torch1 = seconds(torch.get(1));
  const torchMedian1 = medianSeconds(torch.get(1));
  const over = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined ? a / b : undefined);
  return counts.map((threads) => {
    const w = wasmAt(threads);
    const wm = wasmMedianAt(threads);
    const p = seconds(torch.get(threads));
    const pm = medianSeconds(torch.get(threads));
    const th = threads === 1 ? w : routeAt('wasm threaded build', threads);
    const hybrid = rows
      .filter((r) => r.model === 'conv' && r.threads === threads && typeof r.shards === 'number' && r.route.includes('shards') && seconds(r) !== undefined)
      .sort((a, b) => (seconds(a) as number) - (seconds(b) as number))[0];
    const hs = seconds(hybrid);
    return {
      threads,
      wasmSecondsPer1000: w,
      wasmSpeedup: over(wasm1, w),
      wasmMedianSecondsPer1000: wm,
      wasmMedianSpeedup: over(wasmMedian1, wm),
      threadedSecondsPer1000: th,
      threadedSpeedup: over(wasm1, th),
      hybridPlan: hybrid ? `${String(hybrid.shards)} × ${threads / (hybrid.shards as number)}` : undefined,
      hybridSecondsPer1000: hs,
      hybridSpeedup: over(wasm1, hs),
      pytorchSecondsPer1000: p,
      pytorchSpeedup: over(torch1, p),
      pytorchMedianSecondsPer1000: pm,
      pytorchMedianSpeedup: over(torchMedian1, pm),
      ratioToPyTorch: over(w, p),
    };
  });
}

/** Formats a number for the tables ('—' when absent). */
export function fmt(x: unknown, digits = 2): string {
  return typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '—';
}

/** The scaling table in Markdown, headed by the PyTorch version. */
export function scalingMarkdown(scaling: ScalingRow[], pytorchVersion: string): string[] {
  return [
    `Conv autoencoder, scaling over threads (s / 1,000 images; speed-up = the route's 1-thread time / time; median step: the ` +
      `typical step as s / 1,000 images, whatever a few slowed-down steps took), PyTorch ${pytorchVersion}:`,
    '',
    `| threads | fast wasm route (data-parallel) | speed-up | median step (speed-up) | threaded build (XNNPACK threads) | speed-up | best shards × XNNPACK threads | speed-up | PyTorch ${pytorchVersion} CPU | speed-up | median step (speed-up) | fast route / PyTorch |`,
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...scaling.map((r) => `| ${r.threads} | ${fmt(r.wasmSecondsPer1000)} | ${fmt(r.wasmSpeedup)}× | ${fmt(r.wasmMedianSecondsPer1000)} (${fmt(r.wasmMedianSpeedup)}×) | ${fmt(r.threadedSecondsPer1000)} | ${fmt(r.threadedSpeedup)}× | ${r.hybridPlan ? `${r.hybridPlan}: ${fmt(r.hybridSecondsPer1000)}` : '—'} | ${fmt(r.hybridSpeedup)}× | ${fmt(r.pytorchSecondsPer1000)} | ${fmt(r.pytorchSpeedup)}× | ${fmt(r.pytorchMedianSecondsPer1000)} (${fmt(r.pytorchMedianSpeedup)}×) | ${fmt(r.ratioToPyTorch)} |`),
  ];
}
