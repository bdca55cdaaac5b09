/**
 * Packs the scaling benchmark for a machine that has neither Node nor the project (nor the internet): the
 * bench scripts bundled with esbuild, the WebAssembly files where the bundled code looks for them, a copy of
 * the running Node compressed with xz, the PyTorch script and run.sh.
 *   node --import tsx bench/device/bundle.ts [folder]     (default work/bench-device; run `npm run build` first)
 * Layout: <folder>/bench/device/js/{run-scaling,train-route,worker}.js with tfjs's single-thread wasm beside
 * them; <folder>/dist/simd-kernels*.wasm (simd-kernels.ts looks three folders up); <folder>/node_modules/
 * @tensorflow/tfjs-backend-wasm/wasm-out/ (the threaded build, found by require.resolve); <folder>/node.xz.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const repoRoot = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? path.join(repoRoot, 'work', 'bench-device'));
  const js = path.join(out, 'bench', 'device', 'js');
  // The compressed Node takes a minute to make: kept when it was made from this same Node version.
  const nodeXz = path.join(out, 'node.xz');
  const nodeVersionFile = path.join(out, 'node.version');
  const keepNode = fs.existsSync(nodeXz) && fs.existsSync(nodeVersionFile) && fs.readFileSync(nodeVersionFile, 'utf8').trim() === process.version;
  for (const entry of fs.existsSync(out) ? fs.readdirSync(out) : []) {
    if (!(keepNode && (entry === 'node.xz' || entry === 'node.version'))) fs.rmSync(path.join(out, entry), { recursive: true, force: true });
  }
  fs.mkdirSync(js, { recursive: true });
  await esbuild.build({
    entryPoints: {
      'run-scaling': path.join(repoRoot, 'bench', 'run-scaling.ts'),
      'train-route': path.join(repoRoot, 'bench', 'train-route.ts'),
      'profile-kernels': path.join(repoRoot, 'bench', 'profile-kernels.ts'),
      worker: path.join(repoRoot, 'src', 'backend', 'data-parallel', 'worker.ts'),
    },
    bundle: true, platform: 'node', format: 'cjs', target: 'node22', outdir: js, logLevel: 'error',
    external: ['@tensorflow/tfjs-node', 'nodejs-polars', 'sharp', 'zeromq', 'tslab', 'plotly.js-dist'],
  });
  const wasmPackage = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  const wasmOut = path.join(wasmPackage, 'wasm-out');
  for (const file of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']) fs.copyFileSync(path.join(wasmOut, file), path.join(js, file));
  const threaded = path.join(out, 'node_modules', '@tensorflow', 'tfjs-backend-wasm');
  fs.mkdirSync(path.join(threaded, 'wasm-out'), { recursive: true });
  fs.writeFileSync(path.join(threaded, 'package.json'), `${JSON.stringify({ name: '@tensorflow/tfjs-backend-wasm', version: '4.22.0' })}\n`);
  for (const file of fs.readdirSync(wasmOut).filter((f) => f.startsWith('tfjs-backend-wasm-threaded-simd.') && !f.endsWith('.d.ts'))) {
    fs.copyFileSync(path.join(wasmOut, file), path.join(threaded, 'wasm-out', file));
  }
  fs.mkdirSync(path.join(out, 'dist'));
  for (const file of fs.readdirSync(path.join(repoRoot, 'dist')).filter((f) => /^simd-kernels.*\.wasm$/.test(f))) {
    fs.copyFileSync(path.join(repoRoot, 'dist', file), path.join(out, 'dist', file));
  }
  fs.copyFileSync(path.join(repoRoot, 'bench', 'pytorch_bench.py'), path.join(js, 'pytorch_bench.py'));
  fs.copyFileSync(path.join(__dirname, 'run.sh'), path.join(out, 'run.sh'));
  if (!keepNode) {
    process.stderr.write(`bench bundle: compressing Node ${process.version} with xz…\n`);
    execFileSync('bash', ['-c', `xz -T0 -9 -c "${process.execPath}" > "${nodeXz}.tmp"`], { stdio: 'inherit' });
    fs.renameSync(`${nodeXz}.tmp`, nodeXz);
    fs.writeFileSync(nodeVersionFile, `${process.version}\n`);
  }
  const size = execFileSync('du', ['-sh', out], { encoding: 'utf8' }).split('\t')[0];
  process.stderr.write(`bench bundle: ${out} (${size}); run it with: bash ${path.relative(repoRoot, out)}/run.sh <results.json>\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
