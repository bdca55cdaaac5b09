/**
 * The runner against the real tslab kernel (node_modules/tslab), on tiny notebooks made in a temp folder.
 * Each test starts its own kernel (a few seconds each).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { CellProgress, executeNotebook, type ExecuteOptions, type ExecuteResult, joinMultiline, Notebook, NotebookCellError, TslabKernel } from '../tools';

const KERNEL_TEST = { timeout: 120_000 };
let dir: string;

/** Writes a tslab notebook made of [cell_type, source] pairs and returns its path. */
function makeNotebook(file: string, cells: [('code' | 'markdown'), string][]): string {
  const notebook: Notebook = {
    cells: cells.map(([type, source]) =>
      type === 'code'
        ? { cell_type: 'code', source, metadata: {}, outputs: [], execution_count: null }
        : { cell_type: 'markdown', source, metadata: {} },
    ),
    metadata: { kernelspec: { name: 'tslab', language: 'typescript', display_name: 'TypeScript' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(notebook, null, 1)}\n`);
  return file;
}

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'runner-kernel-'));
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('executeNotebook(file) records outputs and execution counts: stdout, progress bars, display_data, last value', KERNEL_TEST, async () => {
  const file = makeNotebook(path.join(dir, 'ok', '01-ok.ipynb'), [
    ['markdown', '# Partie 1 : essai'],
    ['code', "const n: number = 2;\nconsole.log('n =', n);"],
    ['code', "for (let i = 0; i <= 3; i++) { process.stdout.write(`\\rprogress ${i}/3`); await new Promise((r) => setTimeout(r, 20)); }\nconsole.log('');"],
    ['code', ''],
    ['code', "import * as tslab from 'tslab';\ntslab.display.html('<b>figure</b>');"],
    ['code', 'n * 21'],
    ['code', "console.log(process.cwd(), process.env.AE_QUICK ?? 'unset');"],
  ]);
  const committed = readFileSync(file, 'utf8');
  const streamed: string[] = [];
  const started: CellProgress[] = [];
  const result = await executeNotebook(file, {
    env: { AE_QUICK: '1' },
    onStream: (name, text) => streamed.push(`${name}:${text}`),
    onCellStart: (progress) => started.push(progress),
  });
  const cells = result.notebook.cells;
  assert.equal(result.codeCells, 5, 'the empty code cell is not sent');
  assert.deepEqual(
    started.map((p) => [p.cellNumber, p.codeCells, p.cellIndex]),
    [[1, 5, 1], [2, 5, 2], [3, 5, 4], [4, 5, 5], [5, 5, 6]],
  );
  assert.deepEqual(
    cells.map((cell) => cell.execution_count),
    [undefined, 1, 2, null, 3, 4, 5],
  );
  assert.deepEqual(cells[1].outputs, [{ output_type: 'stream', name: 'stdout', text: ['n = 2\n'] }]);
  assert.deepEqual(cells[2].outputs, [{ output_type: 'stream', name: 'stdout', text: ['progress 3/3\n'] }]);
  assert.deepEqual(cells[3].outputs, []);
  assert.deepEqual(cells[4].outputs, [{ output_type: 'display_data', data: { 'text/html': ['<b>figure</b>'] }, metadata: {} }]);
  assert.deepEqual(cells[5].outputs, [{ output_type: 'stream', name: 'stdout', text: ['42\n'] }]);
  assert.equal(joinMultiline((cells[6].outputs![0] as { text: string[] }).text), `${path.dirname(file)} 1\n`, 'cwd = notebook folder, env passed');
  assert.ok(streamed.includes('stdout:n = 2\n'), 'stdout is streamed live');
  assert.ok(streamed.filter((chunk) => chunk.startsWith('stdout:\rprogress')).length >= 4, 'each progress update is streamed');
  assert.equal((result.notebook.metadata.language_info as { name?: string }).name, 'typescript');
  assert.equal(readFileSync(file, 'utf8'), committed, 'the notebook file is not modified');
});

test('executeNotebook(file) stops at a failing cell, reports its source and error, and never runs the next cell', KERNEL_TEST, async () => {
  const file = makeNotebook(path.join(dir, 'fail', '02-fail.ipynb'), [
    ['code', 'const a = 1;'],
    ['code', "const b: number = 2;\nthrow new RangeError('boom ' + b);"],
    ['code', "console.log('after the failure');"],
  ]);
  const started: number[] = [];
  await assert.rejects(
    executeNotebook(file, { onCellStart: (progress) => started.push(progress.cellNumber) }),
    (error: unknown) => {
      assert.ok(error instanceof NotebookCellError);
      assert.equal(error.status, 'error');
      assert.equal(error.progress.cellNumber, 2);
      assert.equal(error.progress.codeCells, 3);
      assert.equal(error.progress.source, "const b: number = 2;\nthrow new RangeError('boom ' + b);");
      assert.equal(error.error.ename, 'RangeError');
      assert.equal(error.error.evalue, 'boom 2');
      assert.ok(error.error.traceback.some((line) => line.includes('RangeError: boom 2')));
      const cells = error.notebook.cells;
      assert.equal(cells[0].execution_count, 1);
      assert.equal(cells[1].execution_count, 2);
      assert.ok(cells[1].outputs!.some((output) => output.output_type === 'error' && output.ename === 'RangeError'));
      assert.equal(cells[2].execution_count, null, 'the cell after the failure is neither passed nor skipped: not run');
      assert.deepEqual(cells[2].outputs, []);
      assert.match(error.message, /02-fail\.ipynb: code cell 2\/3/);
      return true;
    },
  );
  assert.deepEqual(started, [1, 2]);
});

test('executeNotebook(file) imports a local compiled .js module (with .d.ts) from the notebook folder', KERNEL_TEST, async () => {
  const root = path.join(dir, 'project');
  mkdirSync(path.join(root, 'lib'), { recursive: true });
  writeFileSync(
    path.join(root, 'lib', 'helper.js'),
    '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.double = (x) => 2 * x;\nexports.label = "helper";\n',
  );
  writeFileSync(path.join(root, 'lib', 'helper.d.ts'), 'export declare function double(x: number): number;\nexport declare const label: string;\n');
  const file = makeNotebook(path.join(root, 'notebooks', '04-import.ipynb'), [
    ['code', "import { double, label } from '../lib/helper';"],
    ['code', 'console.log(label, double(21));'],
  ]);
  const result = await executeNotebook(file);
  assert.deepEqual(result.notebook.cells[1].outputs, [{ output_type: 'stream', name: 'stdout', text: ['helper 42\n'] }]);
});

test('TslabKernel.execute(code) reports aborted requests, compile errors and timeouts as failures, never "ok"', KERNEL_TEST, async () => {
  const kernel = await TslabKernel.start({ cwd: dir });
  const released = path.join(dir, 'release-the-failing-cell');
  /** Runs `code` once tslab has finished resetting its queue after a failure: it aborts requests until then. */
  const executeAfterReset = async (code: string, options: ExecuteOptions = {}): Promise<ExecuteResult> => {
    for (;;) {
      const result = await kernel.execute(code, options);
      if (result.status !== 'aborted') return result;
    }
  };
  try {
    const ok = await kernel.execute("let counter = 1;\nconst fs = require('node:fs');");
    assert.equal(ok.status, 'ok');
    // The failing cell waits until the kernel has received the next request, so that request is queued behind
    // it: tslab aborts the requests queued behind a failure, however fast or slow the machine is.
    const failing = kernel.execute(
      `await new Promise<void>((resolve) => { const wait = () => (fs.existsSync(${JSON.stringify(released)}) ? resolve() : setTimeout(wait, 5)); wait(); });\n` +
        "throw new Error('first failure');",
    );
    const queued = kernel.execute('counter += 1; console.log(counter);', { onReceived: () => writeFileSync(released, '') });
    const [failed, next] = await Promise.all([failing, queued]);
    assert.equal(failed.status, 'error');
    assert.equal(failed.error?.evalue, 'first failure');
    assert.equal(next.status, 'aborted');
    assert.equal(next.error?.ename, 'ExecutionAborted');
    assert.deepEqual(next.outputs, []);
    // The kernel is usable again once the reset is over, and the aborted cell really did not run.
    const later = await executeAfterReset('console.log(counter);');
    assert.equal(later.status, 'ok');
    assert.deepEqual(later.outputs, [{ output_type: 'stream', name: 'stdout', text: '1\n' }]);
    const typed = await kernel.execute("const wrong: number = 'texte';");
    assert.equal(typed.status, 'error', 'a TypeScript compile error fails the cell');
    assert.equal(typed.error?.ename, 'TypeScriptCompileError');
    assert.match(typed.error?.evalue ?? '', /not assignable to type 'number'/);
    // A cell that can never finish: it times out whatever the limit and the machine's speed.
    const stuck = await executeAfterReset('await new Promise(() => undefined);', { timeoutMs: 1000 });
    assert.equal(stuck.status, 'timeout');
    assert.equal(stuck.error?.ename, 'CellTimeout');
  } finally {
    await kernel.shutdown();
  }
  assert.ok(kernel.isDead, 'shutdown() leaves no kernel process behind');
});
