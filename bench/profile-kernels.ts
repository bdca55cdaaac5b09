/**
 * Per-kernel time profile of the conv autoencoder's training step on the fast wasm route (1 thread, or
 * PROFILE_THREADS threads on the threaded build: there every kernel's time is the wall time of the whole split).
 *   node --import tsx bench/profile-kernels.ts [steps]
 * Prints each kernel's own time (kernels it calls excluded) of the step, to decide what to optimise next.
 * Environment: PROFILE_CONV=1 lists every convolution (shape, strides, GMAC/s); PROFILE_SHAPES=<kernel> lists each
 * call of one kernel; PROFILE_CODE=<size> profiles another code size (default 32; the denoiser uses 512); PROFILE_BATCH=<n>
 * another batch size (default 32; a 2-thread shard is 16).
 */
import { tf } from '../src/tf';
import { initBackend, DataParallelTrainer } from '../src/backend';
import { buildDeepAutoencoder } from '../src/models';

async function main(): Promise<void> {
  const steps = Number(process.argv[2] ?? '20');
  const threads = Number(process.env.PROFILE_THREADS ?? '1');
  if (threads > 1) process.env.AE_WASM_BUILD = 'threaded';
  await initBackend({ backend: 'wasm', threads });
  const totals = new Map<string, { ms: number; calls: number }>();
  const convs = new Map<string, { ms: number; calls: number; macs: number }>();
  const nested: number[] = []; // time spent in kernels called from the running kernel, per depth
  for (const config of tf.getKernelsForBackend('wasm')) {
    const inner = config.kernelFunc;
    tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        const t = performance.now();
        nested.push(0);
        const out = inner(args);
        const total = performance.now() - t;
        const self = total - (nested.pop() ?? 0);
        if (nested.length > 0) nested[nested.length - 1] += total;
        if (process.env.PROFILE_SHAPES && config.kernelName === process.env.PROFILE_SHAPES) {
          const shapes = Object.entries(args.inputs).map(([k, t]) => `${k}${(t as tf.TensorInfo).shape.join('x')}`).join(' ');
          const key = `${config.kernelName} ${shapes} ${JSON.stringify(args.attrs)}`.slice(0, 150);
          const e = convs.get(key) ?? { ms: 0, calls: 0, macs: 0 };
          e.ms += self; e.calls += 1; convs.set(key, e);
        }
        if (process.env.PROFILE_CONV && config.kernelName === 'Conv2D') {
          const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
          const out1 = out as tf.TensorInfo;
          const macs = out1.shape.reduce((a, b) => a * b, 1) * filter.shape[0] * filter.shape[1] * filter.shape[2];
          const attrs = args.attrs as { dilations: unknown; strides: unknown };
          const key = `Conv2D x${x.shape.join('x')} f${filter.shape.join('x')} s${JSON.stringify(attrs.strides)} d${JSON.stringify(attrs.dilations)}`;
          const e = convs.get(key) ?? { ms: 0, calls: 0, macs };
          e.ms += self; e.calls += 1; convs.set(key, e);
        }
        const entry = totals.get(config.kernelName) ?? { ms: 0, calls: 0 };
        entry.ms += self;
        entry.calls += 1;
        totals.set(config.kernelName, entry);
        return out;
      },
    });
  }
  const ae = buildDeepAutoencoder([32, 32, 3], Number(process.env.PROFILE_CODE ?? '32'), { seed: 42 });
  const batchSize = Number(process.env.PROFILE_BATCH ?? '32');
  const trainer = await DataParallelTrainer.create(ae.autoencoder, { threads: 1, maxBatchSize: batchSize });
  const batch = tf.randomUniform([batchSize, 32, 32, 3], 0, 1, 'float32', 7);
  for (let i = 0; i < 3; i++) await trainer.trainBatch(batch);
  totals.clear();
  convs.clear();
  const t0 = performance.now();
  let updateMs = 0;
  for (let i = 0; i < steps; i++) {
    await trainer.trainBatch(batch);
    updateMs += trainer.lastTimings?.updateMs ?? 0;
  }
  const stepMs = (performance.now() - t0) / steps;
  const rows = [...totals].map(([name, v]) => ({ name, ms: v.ms / steps, calls: v.calls / steps })).sort((a, b) => b.ms - a.ms);
  const kernelMs = rows.reduce((s, r) => s + r.ms, 0);
  console.log(`step ${stepMs.toFixed(1)} ms, kernels ${kernelMs.toFixed(1)} ms, outside kernels ${(stepMs - kernelMs).toFixed(1)} ms, ` +
    `optimizer update ${(updateMs / steps).toFixed(1)} ms`);
  for (const r of rows) console.log(`${r.name.padEnd(24)} ${r.ms.toFixed(2).padStart(7)} ms  ${r.calls.toFixed(0).padStart(3)} calls`);
  for (const [key, e] of [...convs].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(`${key.padEnd(60)} ${(e.ms / steps).toFixed(2).padStart(7)} ms ${String(e.calls / steps).padStart(3)} calls ${(e.macs * e.calls / e.ms / 1e6).toFixed(1).padStart(5)} GMAC/s`);
  }
  await trainer.dispose();
}
main();
