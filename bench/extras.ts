/**
 * Benchmark extras, each in its own process, printing one JSON line:
 *   node --import tsx bench/extras.ts lfw <dataDir>   LFW loading, cold (fresh cache folder) then cached
 *   node --import tsx bench/extras.ts retrieval        one k-NN query over ~11,800 codes of size 32
 *   node --import tsx bench/extras.ts peak             one conv layer's throughput on one thread: XNNPACK (cached filter), our kernel
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tf, initBackend, loadLfw, createCodeIndex, nearestNeighbours, registerFastConvGradients, unregisterFastConvGradients } from '../src/internal';

async function lfw(dataDir: string): Promise<Record<string, unknown>> {
  await initBackend({ backend: 'wasm' });
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-bench-cache-'));
  try {
    const options = { dataDir, cacheDir, download: false, quiet: true, maxImages: Infinity };
    let t = performance.now();
    const cold = await loadLfw(options);
    const coldSeconds = (performance.now() - t) / 1000;
    const shape = cold.images.shape;
    const columns = cold.attributes.columns.length;
    cold.images.dispose();
    t = performance.now();
    const cached = await loadLfw(options);
    const cachedSeconds = (performance.now() - t) / 1000;
    const fromCache = cached.info.fromCache;
    cached.images.dispose();
    return { coldSeconds, cachedSeconds, shape, attributeColumns: columns, fromCache };
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

async function retrieval(): Promise<Record<string, unknown>> {
  await initBackend({ backend: 'wasm' });
  const n = 11_800;
  const codes = tf.randomNormal([n, 32], 0, 1, 'float32', 7) as tf.Tensor2D;
  const query = tf.randomNormal([32], 0, 1, 'float32', 8);
  let t = performance.now();
  nearestNeighbours(codes, query, 10);
  const firstMs = performance.now() - t;
  const index = createCodeIndex(codes);
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    t = performance.now();
    nearestNeighbours(index, query, 10);
    times.push(performance.now() - t);
  }
  index.dispose();
  times.sort((a, b) => a - b);
  return { codes: n, codeSize: 32, k: 10, firstQueryMs: firstMs, medianQueryMs: times[10] };
}

/** Best of 15 single-thread runs of one 3×3 conv layer of the course ([32, 8, 8, 64] → 128 channels), in GFLOP/s. */
function convGflops(): number {
  const x = tf.randomNormal([32, 8, 8, 64]) as tf.Tensor4D;
  const w = tf.randomNormal([3, 3, 64, 128]) as tf.Tensor4D;
  const flops = 2 * 32 * 8 * 8 * 9 * 64 * 128;
  for (let i = 0; i < 3; i++) tf.conv2d(x, w, 1, 'same').dispose();
  let best = Infinity;
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    tf.conv2d(x, w, 1, 'same').dispose();
    best = Math.min(best, performance.now() - t);
  }
  tf.dispose([x, w]);
  return flops / best / 1e6;
}

async function peak(): Promise<Record<string, unknown>> {
  await initBackend({ backend: 'wasm', threads: 1 });
  // XNNPACK with its packed filter cached (the same filter at every call: its best case), then our kernel.
  unregisterFastConvGradients();
  const xnnpackGflops = convGflops();
  registerFastConvGradients();
  return { what: 'conv 3×3, [32,8,8,64]→128, one thread, best of 15', xnnpackGflops, oursGflops: convGflops() };
}

async function main(): Promise<void> {
  const [what, arg] = process.argv.slice(2);
  const run = what === 'lfw' ? () => lfw(arg) : what === 'retrieval' ? retrieval : peak;
  try {
    console.log(JSON.stringify({ what, ...(await run()) }));
  } catch (err) {
    console.log(JSON.stringify({ what, error: (err instanceof Error ? err.message : String(err)).split('\n')[0] }));
  }
}

void main();
