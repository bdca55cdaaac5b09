/** Test helper: registers this project's tslab kernel (by absolute path) in a test-owned Jupyter data folder. */
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../../src/paths';

/** Writes `<jupyterDataDir>/kernels/tslab/kernel.json`, the spec `tslab install --binary=<abs tslab>` writes. */
export function installTslabKernel(jupyterDataDir: string): string {
  const tslab = path.join(repoRoot(), 'node_modules', '.bin', 'tslab');
  const dir = path.join(jupyterDataDir, 'kernels', 'tslab');
  fs.mkdirSync(dir, { recursive: true });
  const spec = { argv: [tslab, 'kernel', '--config-path', '{connection_file}'], display_name: 'TypeScript', language: 'typescript' };
  fs.writeFileSync(path.join(dir, 'kernel.json'), JSON.stringify(spec, null, 1));
  return dir;
}
