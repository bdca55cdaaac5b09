/**
 * `npm run bench`: trains the course's PCA and conv autoencoders (32×32×3, code 32, batch 32, Adamax + MSE)
 * for a fixed number of images on each TensorFlow.js route and in PyTorch CPU with the same thread counts,
 * prints seconds per 1,000 images and the tfjs/PyTorch ratio, a scaling table of the conv model over 1, 2, 4, …
 * threads up to the machine's cores (fast wasm route and PyTorch, run one after the other at each count),
 * measures LFW loading (cold / cached) and a retrieval query, and writes bench/results.json. Each measurement
 * runs in its own process.
 * Environment: BENCH_QUICK=1 (few images, smoke test), BENCH_CONV_IMAGES, BENCH_PCA_IMAGES, BENCH_DATA_DIR.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { availableCores } from '../src/backend/threads';
import { developmentDataDir } from '../tools';
import { trainingFlopsPerImage } from './flops';
import { runNodeScript, tfjsRun, torchRun, type Model, type Row } from './routes';
import { fmt, measureScaling, scalingMarkdown, scalingTable, scalingThreads } from './scaling';

const benchDir = __dirname;
const quick = process.env.BENCH_QUICK === '1';
const imagesFor: Record<Model, number> = {
  conv: Number(process.env.BENCH_CONV_IMAGES ?? (quick ? 64 : 640)),
  pca: Number(process.env.BENCH_PCA_IMAGES ?? (quick ? 320 : 3200)),
};
// The cpu backend needs about 3 s per conv image: one batch is enough to see it.
const cpuConvImages = 32;

function tfjsNodeAvailable(): boolean {
  try {
    require.resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

function main(): void {
  execFileSync('bash', [path.join(benchDir, 'setup.sh')], { stdio: 'inherit' });
  const load = os.loadavg();
  const cores = availableCores();
  // The conv model over every scaling count; the PCA model (too small to gain from threads) on 1 and 2.
  const threadsFor: Record<Model, number[]> = { conv: scalingThreads(cores), pca: [1, 2].filter((t) => t <= cores) };
  const rows: Row[] = [];
  const torch = new Map<string, Row>();
  for (const model of ['conv', 'pca'] as Model[]) {
    const images = imagesFor[model];
    rows.push(tfjsRun('cpu', model, 1, model === 'conv' ? cpuConvImages : images));
    rows.push(tfjsRun('wasm-builtin', model, 1, images));
    if (model === 'conv') {
      const scaling = measureScaling(threadsFor.conv, images);
      rows.push(...scaling.rows);
      for (const [threads, row] of scaling.torch) torch.set(`conv/${threads}`, row);
    } else {
      // PyTorch and the fast route one after the other at each thread count, so that both see the same load.
      for (const threads of threadsFor.pca) {
        torch.set(`pca/${threads}`, torchRun(model, threads, images));
        rows.push(tfjsRun('wasm-fast', model, threads, images));
      }
    }
    if (tfjsNodeAvailable()) rows.push(tfjsRun('tensorflow', model, cores, images));
    rows.push(...threadsFor[model].map((t) => torch.get(`${model}/${t}`)).filter((r): r is Row => r !== undefined));
  }
  const pytorchVersion = String(torch.get('conv/1')?.version ?? 'not available');
  const convTorch = new Map(threadsFor.conv.map((t) => [t, torch.get(`conv/${t}`)] as [number, Row]));
  const scaling = scalingTable(rows, convTorch, threadsFor.conv);
  for (const row of rows) {
    const ref = torch.get(`${row.model}/${row.threads}`);
    if (!row.route.startsWith('PyTorch') && typeof row.secondsPer1000 === 'number' && typeof ref?.secondsPer1000 === 'number') {
      row.ratioToPyTorch = row.secondsPer1000 / ref.secondsPer1000;
      if (typeof row.bestWindowSecondsPer1000 === 'number' && typeof ref.bestWindowSecondsPer1000 === 'number') {
        row.bestWindowRatioToPyTorch = row.bestWindowSecondsPer1000 / ref.bestWindowSecondsPer1000;
      }
    }
    if (typeof row.secondsPer1000 === 'number') row.gflops = (trainingFlopsPerImage(row.model) * 1000) / row.secondsPer1000 / 1e9;
  }
  const dataDir = process.env.BENCH_DATA_DIR ?? process.env.AE_DATA_DIR ?? developmentDataDir();
  process.stderr.write('bench: LFW loading, retrieval, peak…\n');
  const lfw = fs.existsSync(dataDir) ? runNodeScript('extras', ['lfw', dataDir]) : { error: `no LFW data in ${dataDir}` };
  const retrieval = runNodeScript('extras', ['retrieval']);
  const peak = runNodeScript('extras', ['peak']);

  const lines = [
    '| model | route | threads | images | s / 1,000 images | ratio to PyTorch (same threads) | GFLOP/s | best 128-image window: s / 1,000, ratio | CPU-s / 1,000 (all threads) |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.model} | ${r.route} | ${r.threads} | ${r.images ?? '—'} | ${r.error ? `fails: ${r.error}` : fmt(r.secondsPer1000)} | ${fmt(r.ratioToPyTorch)} | ${fmt(r.gflops, 1)} | ${fmt(r.bestWindowSecondsPer1000)}, ${fmt(r.bestWindowRatioToPyTorch)} | ${fmt(r.cpuSecondsPer1000)} |`),
  ];
  const scalingLines = scalingMarkdown(scaling, pytorchVersion);
  const extras = [
    `LFW load: ${lfw.error ? `not measured (${String(lfw.error)})` : `cold ${fmt(lfw.coldSeconds, 1)} s, cached ${fmt(lfw.cachedSeconds, 2)} s, images ${JSON.stringify(lfw.shape)}, ${String(lfw.attributeColumns)} attribute columns`}`,
    `Retrieval: ${retrieval.error ? `not measured (${String(retrieval.error)})` : `k=10 among ${String(retrieval.codes)} codes of size 32: first query ${fmt(retrieval.firstQueryMs, 1)} ms, then ${fmt(retrieval.medianQueryMs, 2)} ms (median, prepared index)`}`,
    `One 3×3 conv layer on one thread: XNNPACK ${fmt(peak.xnnpackGflops, 1)} GFLOP/s (filter cached), our SIMD kernel ${fmt(peak.oursGflops, 1)}; conv model = ${(trainingFlopsPerImage('conv') / 1e6).toFixed(1)} MFLOP / training image, PCA = ${(trainingFlopsPerImage('pca') / 1e6).toFixed(2)} MFLOP.`,
    `Machine: ${os.cpus()[0]?.model ?? '?'} × ${cores} available cores, Node ${process.version} (SIMD kernels: ${String(rows.find((r) => r.route === 'wasm fast route')?.simd ?? '?')} build), PyTorch ${pytorchVersion}; load average at start ${load.map((l) => l.toFixed(1)).join(' / ')}, at end ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} (the cores are shared: other processes inflate the timings).`,
  ];
  // The course's full schedule on ≈ 11,800 training images: conv code 32 (25 epochs), the code-size sweep
  // (6 sizes × 5 epochs), the denoising model code 512 (25 epochs), and PCA (15 epochs).
  const trainImages = 11_800;
  const convEpochs = 25 + 6 * 5 + 25;
  const best = (model: Model): Row | undefined => rows
    .filter((r) => r.model === model && !r.route.startsWith('PyTorch') && typeof r.secondsPer1000 === 'number')
    .sort((a, b) => (a.secondsPer1000 as number) - (b.secondsPer1000 as number))[0];
  const convBest = best('conv');
  const pcaBest = best('pca');
  const schedule = convBest && pcaBest ? {
    convEpochs, pcaEpochs: 15, trainImages, convRoute: `${convBest.route}, ${convBest.threads} thread(s)`,
    minutes: ((convEpochs * trainImages * (convBest.secondsPer1000 as number)) / 1000 + (15 * trainImages * (pcaBest.secondsPer1000 as number)) / 1000) / 60,
  } : null;
  if (schedule) {
    extras.push(`Course schedule estimate (${convEpochs} conv epochs + 15 PCA epochs on ${trainImages} images, ${schedule.convRoute}): ≈ ${schedule.minutes.toFixed(0)} min of training.`);
  }
  console.log([...lines, '', ...scalingLines, '', ...extras].join('\n'));
  const results = {
    note: 'Seconds per 1,000 training images (batch 32, Adamax, MSE, 32×32×3, code 32), seed 42; see README in bench/ for how to read it.',
    machine: { cpu: os.cpus()[0]?.model ?? '?', cores, node: process.version, loadAverageStart: load, loadAverageEnd: os.loadavg() },
    pytorchVersion,
    flopsPerImage: { conv: trainingFlopsPerImage('conv'), pca: trainingFlopsPerImage('pca') },
    scaling,
    rows,
    lfw,
    retrieval,
    peak,
    schedule,
  };
  fs.writeFileSync(path.join(benchDir, 'results.json.tmp'), `${JSON.stringify(results, null, 2)}\n`);
  fs.renameSync(path.join(benchDir, 'results.json.tmp'), path.join(benchDir, 'results.json'));
}

if (require.main === module) main();
