/**
 * The scaling table alone (conv autoencoder over 1, 2, 4, … threads up to the machine's cores, on the fast
 * route, the threaded build and PyTorch), for a machine with more cores: bundled with Node by
 * `bench/device/bundle.ts`, run there by `bench/device/run.sh`.
 *   node --import tsx bench/run-scaling.ts <results.json>
 * Environment: BENCH_CONV_IMAGES (default 960), BENCH_THREADS (comma-separated counts instead of the default
 * list), BENCH_PYTHON (the Python that has PyTorch).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { availableCores } from '../src/backend/threads';
import { pythonCommand } from './routes';
import { measureScaling, scalingMarkdown, scalingTable, scalingThreads } from './scaling';

function main(): void {
  const [outFile] = process.argv.slice(2);
  if (!outFile) throw new Error('usage: run-scaling <results.json>');
  const load = os.loadavg();
  const cores = availableCores();
  const counts = process.env.BENCH_THREADS ? process.env.BENCH_THREADS.split(',').map(Number) : scalingThreads(cores);
  const images = Number(process.env.BENCH_CONV_IMAGES ?? 960);
  const { rows, torch } = measureScaling(counts, images);
  const pytorchVersion = String(torch.get(1)?.version ?? [...torch.values()][0]?.version ?? 'not available');
  const scaling = scalingTable(rows, torch, counts);
  const machine = { cpu: os.cpus()[0]?.model ?? '?', cores, node: process.version, python: pythonCommand, loadAverageStart: load, loadAverageEnd: os.loadavg() };
  console.log([...scalingMarkdown(scaling, pytorchVersion), '', `Machine: ${machine.cpu} × ${cores} cores, Node ${process.version}, load ${load.map((l) => l.toFixed(1)).join(' / ')} → ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}`].join('\n'));
  const results = { note: 'Conv autoencoder, seconds per 1,000 training images (batch 32, Adamax, MSE, 32×32×3, code 32); see bench/README.md.', machine, images, pytorchVersion, scaling, rows, pytorch: [...torch.values()] };
  fs.writeFileSync(`${outFile}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
  fs.renameSync(`${outFile}.tmp`, outFile);
}

main();
