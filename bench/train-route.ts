/**
 * One benchmark run in its own process: trains the 'pca' or 'conv' course model on one TensorFlow.js route
 * for a fixed number of images and prints one JSON line. Called by run-bench.ts.
 *   node --import tsx bench/train-route.ts <route> <model> <images>
 * Routes: cpu, wasm-builtin (wasm as shipped), wasm-fast (threads from AE_THREADS, data-parallel workers),
 * wasm-threaded (the fast route on tfjs's threaded build: XNNPACK threads, no workers), tensorflow.
 */
import { tf } from '../src/tf';
import { initBackend, DataParallelTrainer, unregisterFastConvGradients } from '../src/backend';
import { buildDeepAutoencoder, buildPcaAutoencoder } from '../src/models';
import { simdBuild } from '../src/backend/simd/simd-kernels';
import type { StepTimings } from '../src/backend';

const BATCH = 32;

/** Fastest mean step time (ms) over `width` consecutive steps: close to a quiet machine's speed when others share the cores. */
function bestWindow(stepMs: number[], width: number): number {
  const w = Math.min(width, stepMs.length);
  let best = Infinity;
  for (let i = 0; i + w <= stepMs.length; i++) {
    best = Math.min(best, stepMs.slice(i, i + w).reduce((a, b) => a + b, 0) / w);
  }
  return best;
}

/** Median step time (ms): the typical step, whatever a few slowed-down steps took. */
function median(stepMs: number[]): number {
  const sorted = [...stepMs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Mean per-step breakdown (ms): main thread's shard, slowest worker's shard, waiting, serial update. */
function meanTimings(timings: StepTimings[]): Record<string, number> | undefined {
  if (timings.length === 0) return undefined;
  const mean = (f: (t: StepTimings) => number) => timings.reduce((a, t) => a + f(t), 0) / timings.length;
  return {
    step: mean((t) => t.mainMs + t.waitMs + t.updateMs),
    mainShard: mean((t) => t.mainMs),
    slowestWorkerShard: mean((t) => (t.workerMs.length > 0 ? Math.max(...t.workerMs) : 0)),
    wait: mean((t) => t.waitMs),
    update: mean((t) => t.updateMs),
  };
}

async function main(): Promise<void> {
  const [route, model, imagesArg] = process.argv.slice(2);
  const images = Number(imagesArg);
  const threads = Number(process.env.AE_THREADS ?? '1');
  const backend = route.startsWith('wasm') ? 'wasm' : (route as 'cpu' | 'tensorflow');
  // wasm-fast: the course's plan (AE_SHARDS honoured when set); wasm-threaded: one shard on XNNPACK threads.
  process.env.AE_WASM_BUILD = route === 'wasm-threaded' ? 'threaded' : 'simd';
  if (route === 'wasm-threaded') delete process.env.AE_SHARDS;
  const info = await initBackend({ backend, threads });
  if (route === 'wasm-builtin') unregisterFastConvGradients();
  const build = model === 'conv' ? buildDeepAutoencoder : buildPcaAutoencoder;
  const ae = build([32, 32, 3], 32, { seed: 42 });
  const trainer = await DataParallelTrainer.create(ae.autoencoder, { threads: route === 'wasm-fast' || route === 'wasm-threaded' ? threads : 1, maxBatchSize: BATCH });
  const batches = Array.from({ length: 4 }, (_, i) => tf.randomUniform([BATCH, 32, 32, 3], 0, 1, 'float32', 100 + i));
  const result: Record<string, unknown> = {
    route, model, threads: trainer.threads, shards: trainer.shards, backend: info.name, tfjs: info.tfjsVersion, node: process.version,
    simd: info.name === 'wasm' ? simdBuild() : undefined,
  };
  try {
    const warmup = route === 'cpu' && model === 'conv' ? 0 : 2;
    for (let i = 0; i < warmup; i++) await trainer.trainBatch(batches[i % 4]);
    const steps = Math.max(1, Math.round(images / BATCH));
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    let loss = 0;
    const stepMs: number[] = [];
    const timings: StepTimings[] = [];
    for (let i = 0; i < steps; i++) {
      const t = performance.now();
      loss = await trainer.trainBatch(batches[i % 4]);
      stepMs.push(performance.now() - t);
      if (trainer.lastTimings) timings.push(trainer.lastTimings);
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    Object.assign(result, {
      images: steps * BATCH, seconds, secondsPer1000: (seconds / (steps * BATCH)) * 1000,
      cpuSecondsPer1000: (cpuSeconds / (steps * BATCH)) * 1000, finalLoss: loss,
      bestWindowSecondsPer1000: bestWindow(stepMs, 4) / BATCH,
      medianStepSecondsPer1000: median(stepMs) / BATCH,
      stepBreakdownMs: meanTimings(timings),
    });
  } catch (err) {
    result.error = (err instanceof Error ? err.message : String(err)).split('\n')[0];
  }
  await trainer.dispose();
  console.log(JSON.stringify(result));
}

main().catch((err) => {
  console.log(JSON.stringify({ error: err instanceof Error ? err.message : String(err) }));
  process.exitCode = 1;
});
