/**
 * Notebooks executed through Jupyter's own client (tools/jupyter/nbclient-runner.ts: Debian's python3-nbclient
 * and the kernel `npm run setup:jupyter` registers, in a JUPYTER_DATA_DIR of the test's own): failures name the
 * cell and its error, progress bars save only their final state, and part 28 without its model says to run part 20.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { executeWithNbclient, findNbclientPython, formatCellFailure, type Notebook, type NotebookCell, NotebookCellError, progressLines, registerKernelInto, testDataDir } from '../tools';
import { repoRoot } from '../src/paths';

const root = repoRoot();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-nbclient-'));
const jupyterData = path.join(scratch, 'jupyter-data');
let python = '';
let env: NodeJS.ProcessEnv = {};

before(() => {
  python = findNbclientPython();
  registerKernelInto(jupyterData, root);
  env = { ...process.env, JUPYTER_DATA_DIR: jupyterData, AE_QUICK: '1', AE_WORK_DIR: path.join(scratch, 'work') };
  delete env.AE_PROGRESS;
});
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A code cell. */
function code(source: string): NotebookCell {
  return { cell_type: 'code', source, metadata: {}, outputs: [], execution_count: null };
}

/** Writes a notebook asking for the tslab kernel into the scratch folder; returns its path. */
function fixture(name: string, cells: NotebookCell[]): string {
  const notebook: Notebook = {
    cells,
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  const file = path.join(scratch, name);
  fs.writeFileSync(file, JSON.stringify(notebook));
  return file;
}

test('findNbclientPython() with no Python that has nbclient says what to install', () => {
  assert.throws(() => findNbclientPython([path.join(scratch, 'no-python')]), /nbclient .* introuvable .*setup-debian-packages\.sh.*python3-nbclient/);
});

test('a training progress bar run through nbclient saves one output holding only its final line', async () => {
  const dist = JSON.stringify(path.join(root, 'dist', 'progress'));
  const file = fixture('progress.ipynb', [
    code(
      `import { ProgressBar } from ${dist};\n` +
        `for (let epoch = 1; epoch <= 2; epoch++) {\n` +
        `  const bar = new ProgressBar(40, \`Epoch \${epoch}/2\`, { minIntervalMs: 0 });\n` +
        `  for (let b = 1; b <= 40; b++) { bar.update(b, 'loss 0.5'); await new Promise((r) => setImmediate(r)); }\n` +
        `  bar.finish('loss 0.25');\n` +
        `}`,
    ),
  ]);
  const { notebook } = await executeWithNbclient(file, { python, env, outputFile: path.join(scratch, 'out', 'progress.ipynb') });
  const outputs = notebook.cells[0].outputs ?? [];
  assert.deepEqual(
    outputs.map((output) => output.output_type),
    ['display_data', 'display_data'],
    'one display per epoch, no stream text',
  );
  const lines = progressLines(notebook);
  assert.equal(lines.length, 1);
  assert.equal(lines[0].lines.length, 2);
  assert.deepEqual(lines[0].unfinished, []);
  assert.match(lines[0].lines[1], /^Epoch 2\/2 \[={30}\] 40\/40 \S+ loss 0\.25$/);
});

test('progressLines() reports the intermediate states a \\r-redrawn bar leaves in separate stream outputs', () => {
  const notebook: Notebook = {
    cells: [
      {
        ...code('train()'),
        outputs: [
          { output_type: 'stream', name: 'stdout', text: '\rEpoch 1/1 [=>..] 1/4 0.1s' },
          { output_type: 'stream', name: 'stdout', text: '\rEpoch 1/1 [====] 4/4 0.4s loss 0.1\n' },
        ],
      },
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  };
  const [cell] = progressLines(notebook);
  assert.equal(cell.cellIndex, 0);
  assert.deepEqual(cell.unfinished, ['Epoch 1/1 [=>..] 1/4 0.1s']);
  assert.equal(cell.lines.length, 2);
});

test('a failing cell run through nbclient is reported with its number, source and error', async () => {
  const file = fixture('failing.ipynb', [code("console.log('avant');"), code("const n: number = 'texte';")]);
  const outputFile = path.join(scratch, 'out', 'failing.ipynb');
  await assert.rejects(executeWithNbclient(file, { python, env, outputFile }), (error: unknown) => {
    assert.ok(error instanceof NotebookCellError);
    assert.equal(error.status, 'error');
    assert.deepEqual([error.progress.cellNumber, error.progress.codeCells, error.progress.cellIndex], [2, 2, 1]);
    assert.equal(error.error.ename, 'TypeScriptCompileError');
    assert.match(error.error.evalue, /Type 'string' is not assignable to type 'number'/);
    const report = formatCellFailure(error, outputFile);
    assert.match(report, /cellule de code 2\/2 \(cellule 2 du carnet\) — erreur/);
    assert.match(report, /1 \| const n: number = 'texte';/);
    return true;
  });
  const saved = JSON.parse(fs.readFileSync(outputFile, 'utf8')) as Notebook;
  assert.match(JSON.stringify(saved.cells[0].outputs), /avant/, 'the executed copy keeps the outputs before the failure');
});

test('part 28 run through nbclient without the model of part 20 says « exécutez d’abord la partie 20 »', async () => {
  const part28 = fs.readdirSync(path.join(root, 'notebooks')).find((name) => name.startsWith('28-'))!;
  const outputFile = path.join(scratch, 'out', part28);
  const partEnv = { ...env, AE_DATA_DIR: await testDataDir(), AE_WORK_DIR: path.join(scratch, 'empty-work') };
  await assert.rejects(executeWithNbclient(path.join(root, 'notebooks', part28), { python, env: partEnv, outputFile }), (error: unknown) => {
    assert.ok(error instanceof NotebookCellError);
    assert.equal(error.progress.cellNumber, 2);
    assert.match(error.progress.source, /requireModel\('deep-32', 20\)/);
    assert.match(`${error.error.evalue}\n${error.error.traceback.join('\n')}`, /Modèle introuvable : exécutez d'abord la partie 20/);
    return true;
  });
});
