import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorFromStderr, formatCellFailure, formatElapsed, formatProgressLine, NotebookCellError } from '../tools';

test('errorFromStderr(stderr) reads ename and evalue from a runtime error and drops tslab-internal frames', () => {
  const stderr = [
    'evalmachine.<anonymous>:5',
    "throw new RangeError('boom ' + b);",
    '^',
    '',
    'RangeError: boom 2',
    '    at evalmachine.<anonymous>:5:7',
    '    at sigintHandlersWrap (node:vm:280:12)',
    '    at Object.execute (/repo/node_modules/tslab/dist/executor.js:160:38)',
    '',
  ].join('\n');
  const error = errorFromStderr(stderr);
  assert.equal(error.ename, 'RangeError');
  assert.equal(error.evalue, 'boom 2');
  assert.ok(error.traceback.includes('    at evalmachine.<anonymous>:5:7'));
  assert.ok(!error.traceback.some((line) => line.includes('node_modules/tslab')));
});

test('errorFromStderr(stderr) reports TypeScript diagnostics as a compile error', () => {
  const error = errorFromStderr("1:7 - Type 'string' is not assignable to type 'number'.\n");
  assert.equal(error.ename, 'TypeScriptCompileError');
  assert.match(error.evalue, /not assignable/);
});

test('errorFromStderr(stderr) still gives an error when stderr holds no recognisable error line', () => {
  assert.deepEqual(errorFromStderr('something odd\n'), { ename: 'Error', evalue: 'something odd', traceback: ['something odd'] });
  assert.equal(errorFromStderr('').ename, 'Error');
});

test('formatElapsed(seconds) prints m:ss, then h:mm:ss from one hour', () => {
  assert.equal(formatElapsed(0), '0:00');
  assert.equal(formatElapsed(65.9), '1:05');
  assert.equal(formatElapsed(3725), '1:02:05');
});

test('formatProgressLine(...) reads "Partie N/total — cellule i/k — elapsed"', () => {
  assert.equal(formatProgressLine(12, 30, 3, 7, 42, 723), 'Partie 12/30 — cellule 3/7 — 0:42 (total 12:03)');
});

test('formatCellFailure(error) names the notebook and cell, numbers the source lines and prints the error', () => {
  const failure = new NotebookCellError(
    '/course/notebooks/02-x.ipynb',
    { cellNumber: 2, codeCells: 3, cellIndex: 4, source: 'const b = 2;\nthrow new Error("boom");' },
    'error',
    { ename: 'Error', evalue: 'boom', traceback: ['Error: boom', '    at evalmachine.<anonymous>:2:7'] },
    { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 },
    1,
  );
  const text = formatCellFailure(failure, '/w/executed/failed/02-x.ipynb');
  assert.match(text, /02-x\.ipynb/);
  assert.match(text, /cellule de code 2\/3 \(cellule 5 du carnet\)/);
  assert.match(text, /1 \| const b = 2;\n2 \| throw new Error\("boom"\);/);
  assert.match(text, /Error: boom\n {4}at evalmachine/);
  assert.match(text, /failed\/02-x\.ipynb/);
  assert.match(failure.message, /code cell 2\/3 .* Error: boom/);
});
