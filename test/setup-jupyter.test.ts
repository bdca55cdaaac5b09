/**
 * `npm run setup:jupyter` (scripts/setup-jupyter.ts, tools/jupyter/): finding a Jupyter that can register
 * kernels, the kernel spec by absolute paths, and a real install into a JUPYTER_DATA_DIR of the test's own
 * (Debian's Jupyter, installed by scripts/setup-debian-packages.sh in `pretest`).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { courseKernelSpec, describeJupyter, findJupyter, KERNEL_NAME, tslabEntry } from '../tools';
import { repoRoot } from '../src/paths';
import { runScript } from './helpers/run-script';

const root = repoRoot();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-setup-jupyter-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Runs scripts/setup-jupyter.ts as `npm run setup:jupyter` does, with JUPYTER_DATA_DIR set. */
function setupJupyter(jupyterDataDir: string) {
  return runScript('setup-jupyter.ts', [], { JUPYTER_DATA_DIR: jupyterDataDir });
}

test('courseKernelSpec(root) starts this Node and this project’s tslab by absolute paths', () => {
  const spec = courseKernelSpec(root);
  assert.deepEqual(spec.argv.slice(2), ['kernel', '--config-path', '{connection_file}']);
  assert.equal(spec.argv[0], process.execPath);
  assert.equal(spec.argv[1], path.join(root, 'node_modules', 'tslab', 'bin', 'tslab'));
  assert.ok(fs.existsSync(spec.argv[1]), 'the tslab entry exists');
  assert.deepEqual([spec.display_name, spec.language], ['TypeScript', 'typescript']);
});

test('KERNEL_NAME is the kernel every notebook asks for', () => {
  const dir = path.join(root, 'notebooks');
  const names = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.ipynb'))
    .map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')).metadata.kernelspec.name);
  assert.ok(names.length > 0, 'the course has notebooks');
  assert.deepEqual(new Set(names), new Set([KERNEL_NAME]));
});

test('tslabEntry(folder without node_modules) says to run npm install', () => {
  assert.throws(() => tslabEntry(scratch), /tslab est absent de .*node_modules : exécutez d'abord `npm install`/);
});

test('findJupyter() with no working candidate says what to install (JupyterLab by pip, or Debian’s jupyter-notebook)', () => {
  const candidates = [{ program: path.join(scratch, 'no-such-python3'), args: ['-m', 'jupyter'] }];
  assert.throws(
    () => findJupyter(candidates),
    (error: Error) => {
      assert.match(error.message, /Jupyter est introuvable \(essayé : `.*no-such-python3 -m jupyter`/);
      assert.match(error.message, /pip install jupyterlab/);
      assert.match(error.message, /apt-get install jupyter-notebook/);
      return true;
    },
  );
});

test('findJupyter() skips a python3 without Jupyter and takes the next candidate', () => {
  const noJupyter = path.join(scratch, 'python3-without-jupyter');
  fs.writeFileSync(noJupyter, '#!/bin/sh\necho "No module named jupyter" >&2\nexit 1\n', { mode: 0o755 });
  const debian = { program: '/usr/bin/python3', args: ['-m', 'jupyter'] };
  const found = findJupyter([{ program: noJupyter, args: ['-m', 'jupyter'] }, debian]);
  assert.deepEqual(found, debian);
  assert.equal(describeJupyter(found), '/usr/bin/python3 -m jupyter');
});

test('setup:jupyter installs the kernel into JUPYTER_DATA_DIR, says how to check and start, and can run twice', () => {
  const data = path.join(scratch, 'jupyter-data');
  const first = setupJupyter(data);
  assert.equal(first.status, 0, first.stderr);
  const kernelDir = path.join(data, 'kernels', KERNEL_NAME);
  const written = JSON.parse(fs.readFileSync(path.join(kernelDir, 'kernel.json'), 'utf8'));
  assert.deepEqual(written, courseKernelSpec(root));
  assert.match(first.stdout, /Noyau « TypeScript » \(tslab\) déclaré pour Jupyter dans /);
  assert.match(first.stdout, /kernelspec list/);
  assert.match(first.stdout, /(lab|notebook) notebooks\//);

  const second = setupJupyter(data);
  assert.equal(second.status, 0, second.stderr);
  assert.deepEqual(fs.readdirSync(kernelDir), ['kernel.json']);
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(kernelDir, 'kernel.json'), 'utf8')), written);

  const listed = spawnSync('/usr/bin/python3', ['-m', 'jupyter', 'kernelspec', 'list', '--json'], {
    encoding: 'utf8',
    env: { ...process.env, JUPYTER_DATA_DIR: data },
  });
  assert.equal(listed.status, 0, listed.stderr);
  const spec = JSON.parse(listed.stdout).kernelspecs[KERNEL_NAME];
  assert.equal(spec.resource_dir, kernelDir, 'Jupyter finds the kernel in the test’s folder first');
  assert.deepEqual(spec.spec.argv, written.argv);
});
