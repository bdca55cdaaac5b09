/**
 * scripts/run-notebooks.ts end to end (real tslab kernel) and the resume logic of tools/runner/course-runner.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { isAlreadyCompleted, listCourseNotebooks, readCourseState, runnerPaths, runNotebooks } from '../tools';

const repo = path.resolve(__dirname, '..');
const script = path.join(repo, 'scripts', 'run-notebooks.ts');
let dir: string;

function makeNotebook(file: string, sources: string[]): void {
  const notebook = {
    cells: [
      { cell_type: 'markdown', metadata: {}, source: ['# Partie\n'] },
      ...sources.map((source) => ({ cell_type: 'code', metadata: {}, source, outputs: [], execution_count: null })),
    ],
    metadata: { kernelspec: { name: 'tslab', language: 'typescript', display_name: 'TypeScript' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(notebook, null, 1)}\n`);
}

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: repo, env: { ...process.env, AE_QUICK: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'runner-cli-'));
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('run-notebooks --help documents the options and the nbclient route (setup:jupyter, test:notebooks)', async () => {
  const { code, stdout } = await runCli(['--help']);
  assert.equal(code, 0);
  for (const option of ['--from', '--only', '--quick', '--timeout', '--force', 'npm run course', 'npm run setup:jupyter', 'npm run test:notebooks -- [--only']) {
    assert.ok(stdout.includes(option), `--help mentions ${option}`);
  }
});

test('run-notebooks exits 2 on an unknown option or a part that does not exist', async () => {
  assert.equal((await runCli(['--nope'])).code, 2);
  const notebooks = path.join(dir, 'usage');
  makeNotebook(path.join(notebooks, '01-a.ipynb'), ['1']);
  const { code, stderr } = await runCli(['--notebooks', notebooks, '--work', path.join(dir, 'usage-work'), '--only', '7']);
  assert.equal(code, 2);
  assert.match(stderr, /No notebook matches "7"/);
});

test(
  'run-notebooks runs notebooks in order, stops at the first failing cell with its source and error, exits 1',
  { timeout: 120_000 },
  async () => {
    const notebooks = path.join(dir, 'course');
    const work = path.join(dir, 'work');
    makeNotebook(path.join(notebooks, '01-ok.ipynb'), ["console.log('n =', 2);", "console.log('quick:', process.env.AE_QUICK);"]);
    makeNotebook(path.join(notebooks, '02-fail.ipynb'), ['const a = 1;', "throw new RangeError('boom ' + a);", "console.log('never');"]);
    makeNotebook(path.join(notebooks, '03-never.ipynb'), ["console.log('never either');"]);
    const committed = readFileSync(path.join(notebooks, '02-fail.ipynb'), 'utf8');

    const { code, stdout, stderr } = await runCli(['--notebooks', notebooks, '--work', work, '--quick', '--timeout', '60']);
    assert.equal(code, 1, `exit status 1\n${stdout}\n${stderr}`);
    assert.match(stdout, /Partie 1\/3 — cellule 1\/2 — \d+:\d\d \(total \d+:\d\d\)/);
    assert.match(stdout, /Partie 2\/3 — cellule 2\/3/);
    assert.doesNotMatch(stdout, /Partie 2\/3 — cellule 3\/3/, 'the cell after the failure is not started');
    assert.doesNotMatch(stdout, /Partie 3\/3/, 'the next notebook is not started');
    assert.match(stdout, /n = 2\n/, "the kernel's stdout is echoed live");
    assert.match(stdout, /quick: 1\n/, '--quick sets AE_QUICK=1 for the kernel');
    assert.match(stderr, /ÉCHEC : .*02-fail\.ipynb/);
    assert.match(stderr, /cellule de code 2\/3 \(cellule 3 du carnet\)/);
    assert.match(stderr, /1 \| throw new RangeError\('boom ' \+ a\);/);
    assert.match(stderr, /RangeError: boom 1/);

    const { executedDir, failedDir, stateFile } = runnerPaths(work);
    const executed = JSON.parse(readFileSync(path.join(executedDir, '01-ok.ipynb'), 'utf8'));
    assert.deepEqual(executed.cells[1].outputs, [{ output_type: 'stream', name: 'stdout', text: ['n = 2\n'] }]);
    assert.equal(executed.cells[2].execution_count, 2);
    assert.ok(!existsSync(path.join(executedDir, '02-fail.ipynb')), 'no executed copy for a failing notebook');
    assert.ok(existsSync(path.join(failedDir, '02-fail.ipynb')), 'the partial copy goes to executed/failed/');
    assert.ok(!existsSync(path.join(executedDir, '03-never.ipynb')));
    assert.equal(readFileSync(path.join(notebooks, '02-fail.ipynb'), 'utf8'), committed, 'committed notebooks untouched');
    const state = await readCourseState(stateFile);
    assert.deepEqual(Object.keys(state.notebooks), ['01-ok.ipynb']);
    assert.equal(state.notebooks['01-ok.ipynb'].mode, 'quick');

    // Resuming skips the completed notebook without starting a kernel.
    const skipped: string[] = [];
    const summary = await runNotebooks({
      entries: listCourseNotebooks(notebooks).slice(0, 1),
      workDir: work,
      quick: true,
      resume: true,
      events: { onNotebookSkipped: (entry) => skipped.push(entry.name), onNotebookStart: () => assert.fail('no kernel expected') },
    });
    assert.deepEqual(skipped, ['01-ok.ipynb']);
    assert.deepEqual(summary.ran, []);
  },
);

test('isAlreadyCompleted(record, hash, mode, copyExists) reruns a changed notebook, another mode or a lost copy', () => {
  const record = { sourceHash: 'h1', mode: 'full' as const, seconds: 3, finishedAt: '2025-01-01T00:00:00.000Z' };
  assert.equal(isAlreadyCompleted(record, 'h1', 'full', true), true);
  assert.equal(isAlreadyCompleted(record, 'h2', 'full', true), false);
  assert.equal(isAlreadyCompleted(record, 'h1', 'quick', true), false);
  assert.equal(isAlreadyCompleted(record, 'h1', 'full', false), false);
  assert.equal(isAlreadyCompleted(undefined, 'h1', 'full', true), false);
});

test('runNotebooks refuses a work folder whose executed/ is the notebooks folder', async () => {
  const work = path.join(dir, 'clash');
  const notebooks = path.join(work, 'executed');
  makeNotebook(path.join(notebooks, '01-a.ipynb'), ['1']);
  await assert.rejects(runNotebooks({ entries: listCourseNotebooks(notebooks), workDir: work }), /would overwrite the notebooks/);
});
