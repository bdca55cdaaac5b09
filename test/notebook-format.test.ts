/**
 * tools/notebook-format.ts, the one model of a notebook file: stream merging, stored outputs, clearing, the
 * no-outputs check, serialisation, reading with French errors, atomic writes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { appendStream, cellsWithOutputs, clearedNotebook, collapseCarriageReturns, type Notebook, type NotebookCell, type NotebookOutput, readNotebook, requireNotebook, serializeNotebook, splitLines, toStoredOutputs, writeNotebook } from '../tools';

test('collapseCarriageReturns(text) keeps what a progress bar shows last on each line', () => {
  assert.equal(collapseCarriageReturns('a 10%\ra 50%\ra 100%\ndone\n'), 'a 100%\ndone\n');
  assert.equal(collapseCarriageReturns('x\r\ny\n'), 'x\ny\n');
  assert.equal(collapseCarriageReturns('bar 3/5\r'), 'bar 3/5\r', 'a trailing \\r waits for the next chunk');
  assert.equal(collapseCarriageReturns(collapseCarriageReturns('bar 3/5\r') + 'bar 4/5'), 'bar 4/5');
});

test('appendStream(outputs, name, text) merges consecutive chunks of one stream and starts a new output otherwise', () => {
  const outputs: NotebookOutput[] = [];
  appendStream(outputs, 'stdout', 'epoch 1 ');
  appendStream(outputs, 'stdout', '\repoch 2\n');
  appendStream(outputs, 'stderr', 'warning\n');
  appendStream(outputs, 'stdout', 'end\n');
  assert.deepEqual(outputs, [
    { output_type: 'stream', name: 'stdout', text: 'epoch 2\n' },
    { output_type: 'stream', name: 'stderr', text: 'warning\n' },
    { output_type: 'stream', name: 'stdout', text: 'end\n' },
  ]);
});

test('splitLines(text) gives the line list Jupyter stores, each line keeping its newline', () => {
  assert.deepEqual(splitLines('a\nb\nc'), ['a\n', 'b\n', 'c']);
  assert.deepEqual(splitLines('a\n'), ['a\n']);
  assert.deepEqual(splitLines(''), []);
});

test('toStoredOutputs(outputs) splits stream and text data into lines, leaves JSON data and drops pending \\r', () => {
  const stored = toStoredOutputs([
    { output_type: 'stream', name: 'stdout', text: 'one\ntwo 100%\r' },
    { output_type: 'display_data', data: { 'text/html': '<b>\nx</b>', 'application/json': { a: 1 } }, metadata: {} },
  ]);
  assert.deepEqual(stored, [
    { output_type: 'stream', name: 'stdout', text: ['one\n', 'two 100%'] },
    { output_type: 'display_data', data: { 'text/html': ['<b>\n', 'x</b>'], 'application/json': { a: 1 } }, metadata: {} },
  ]);
});

test('clearedNotebook(notebook) empties outputs and execution counts of code cells and leaves the original alone', () => {
  const notebook: Notebook = {
    cells: [
      { cell_type: 'markdown', source: '# T', metadata: {} },
      { cell_type: 'code', source: '1', metadata: {}, outputs: [{ output_type: 'stream', name: 'stdout', text: '1' }], execution_count: 3 },
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  };
  const cleared = clearedNotebook(notebook);
  assert.deepEqual(cleared.cells[1].outputs, []);
  assert.equal(cleared.cells[1].execution_count, null);
  assert.equal(notebook.cells[1].execution_count, 3);
  assert.equal(cleared.cells[0].outputs, undefined);
});

test('serializeNotebook(notebook) writes keys sorted with a 1-space indent and a final newline, as nbformat does', () => {
  const text = serializeNotebook({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
    cells: [{ source: 'é', metadata: {}, cell_type: 'markdown' }],
  });
  assert.equal(
    text,
    '{\n "cells": [\n  {\n   "cell_type": "markdown",\n   "metadata": {},\n   "source": "é"\n  }\n ],\n' +
      ' "metadata": {\n  "kernelspec": {\n   "display_name": "TypeScript",\n   "language": "typescript",\n   "name": "tslab"\n  }\n },\n' +
      ' "nbformat": 4,\n "nbformat_minor": 5\n}\n',
  );
});

test('writeNotebook(file, notebook) writes through a temp file and leaves only the notebook behind', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'runner-format-'));
  try {
    const file = path.join(dir, 'sub', 'a.ipynb');
    await writeNotebook(file, { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 });
    assert.deepEqual(readdirSync(path.dirname(file)), ['a.ipynb']);
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).nbformat, 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cellsWithOutputs(notebook) names the code cells with outputs, an execution count or a missing field; none once cleared', () => {
  const code = (extra: object): NotebookCell => ({ cell_type: 'code', metadata: {}, source: 'x', ...extra });
  const notebook: Notebook = {
    cells: [
      { cell_type: 'markdown', metadata: {}, source: '# Titre' },
      code({ outputs: [], execution_count: null }),
      code({ outputs: [{ output_type: 'stream', name: 'stdout', text: 'a' }], execution_count: null }),
      code({ outputs: [], execution_count: 4 }),
      code({}),
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  };
  assert.deepEqual(cellsWithOutputs(notebook), [3, 4, 5]);
  assert.deepEqual(cellsWithOutputs(clearedNotebook(notebook)), []);
});

test('readNotebook(file) reads a notebook back, and reports non-notebooks in French; requireNotebook(file) throws naming the file and line', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'runner-format-'));
  try {
    const good = path.join(dir, '01-a.ipynb');
    const notebook: Notebook = { cells: [{ cell_type: 'markdown', metadata: {}, source: 'é' }], metadata: {}, nbformat: 4, nbformat_minor: 5 };
    writeNotebook(good, notebook);
    assert.deepEqual(readNotebook(good), { notebook });
    assert.deepEqual(requireNotebook(good), notebook);

    const old = path.join(dir, '02-b.ipynb');
    writeFileSync(old, JSON.stringify({ cells: [], metadata: {}, nbformat: 3 }));
    const read = readNotebook(old);
    assert.ok('error' in read && /^ce n'est pas un carnet au format nbformat 4 \(« nbformat » vaut 3/.test(read.error), JSON.stringify(read));

    const broken = path.join(dir, '03-c.ipynb');
    writeFileSync(broken, '{\n "cells": [\n');
    assert.throws(() => requireNotebook(broken), (error: Error) => {
      assert.match(error.message, new RegExp(`^Carnet illisible ${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, ligne 3 : le fichier n'est plus un JSON valide`));
      return true;
    });
    assert.throws(() => requireNotebook(path.join(dir, 'absent.ipynb')), /^Error: Carnet illisible .*absent\.ipynb : lecture impossible \(ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
