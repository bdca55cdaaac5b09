import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { isQuickValue } from '../src/paths';
import { effectiveQuick, hashFile, listCourseNotebooks, listNotebookFiles, readCourseState, runnerPaths, selectNotebooks, writeCourseState } from '../tools';

function withDir(run: (dir: string) => void | Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'runner-selection-'));
    try {
      await run(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  'listNotebookFiles(dir) lists every .ipynb file with its part number; listCourseNotebooks(dir) keeps the NN-<slug> ones',
  withDir((dir) => {
    for (const name of ['10-b.ipynb', '02-a.ipynb', '30-bonus.ipynb', 'notes.md', '.hidden.ipynb', 'Brouillon.ipynb', '7-court.ipynb']) {
      writeFileSync(path.join(dir, name), '{}');
    }
    assert.deepEqual(
      listNotebookFiles(dir).map((entry) => [entry.name, entry.baseName, entry.part]),
      [
        ['.hidden.ipynb', '.hidden', undefined],
        ['02-a.ipynb', '02-a', 2],
        ['10-b.ipynb', '10-b', 10],
        ['30-bonus.ipynb', '30-bonus', 30],
        ['7-court.ipynb', '7-court', undefined],
        ['Brouillon.ipynb', 'Brouillon', undefined],
      ],
    );
    const entries = listCourseNotebooks(dir);
    assert.deepEqual(
      entries.map((entry) => [entry.name, entry.part]),
      [
        ['02-a.ipynb', 2],
        ['10-b.ipynb', 10],
        ['30-bonus.ipynb', 30],
      ],
    );
    assert.equal(entries[0].file, path.join(dir, '02-a.ipynb'));
    assert.deepEqual(listCourseNotebooks(path.join(dir, 'absent')), []);
  }),
);

test('selectNotebooks(entries, {from, only}) picks parts by number or file name and rejects unknown ones', () => {
  const entries = ['01-a', '02-b', '10-c', '12-d', '30-e'].map((base, index) => ({
    file: `/n/${base}.ipynb`,
    name: `${base}.ipynb`,
    part: Number(base.slice(0, 2)) || index + 1,
  }));
  const names = (selected: { name: string }[]): string[] => selected.map((entry) => entry.name);
  assert.deepEqual(names(selectNotebooks(entries)), names(entries));
  assert.deepEqual(names(selectNotebooks(entries, { from: '10' })), ['10-c.ipynb', '12-d.ipynb', '30-e.ipynb']);
  assert.deepEqual(names(selectNotebooks(entries, { only: ['12'] })), ['12-d.ipynb']);
  assert.deepEqual(names(selectNotebooks(entries, { only: ['02-b.ipynb', '1'] })), ['01-a.ipynb', '02-b.ipynb']);
  assert.deepEqual(names(selectNotebooks(entries, { from: '02', only: ['30-e'] })), ['30-e.ipynb']);
  assert.throws(() => selectNotebooks(entries, { only: ['7'] }), /No notebook matches "7".*01-a\.ipynb/);
  assert.throws(() => selectNotebooks(entries, { from: '99' }), /No notebook matches "99"/);
});

test(
  'readCourseState(file) gives an empty state for a missing or damaged file, and writeCourseState round-trips',
  withDir(async (dir) => {
    const { stateFile } = runnerPaths(dir);
    assert.deepEqual(await readCourseState(stateFile), { version: 1, notebooks: {} });
    writeFileSync(stateFile, '{ not json');
    assert.deepEqual(await readCourseState(stateFile), { version: 1, notebooks: {} });
    const record = { sourceHash: 'abc', mode: 'full' as const, seconds: 12.5, finishedAt: '2025-01-01T00:00:00.000Z' };
    await writeCourseState(stateFile, { version: 1, notebooks: { 'b.ipynb': record, 'a.ipynb': record } });
    const state = await readCourseState(stateFile);
    assert.deepEqual(Object.keys(state.notebooks), ['a.ipynb', 'b.ipynb']);
    assert.deepEqual(state.notebooks['b.ipynb'], record);
  }),
);

test(
  'hashFile(file) changes when the notebook source changes',
  withDir(async (dir) => {
    const file = path.join(dir, 'a.ipynb');
    writeFileSync(file, '{"cells": []}');
    const before = await hashFile(file);
    assert.match(before, /^[0-9a-f]{64}$/);
    writeFileSync(file, '{"cells": [1]}');
    assert.notEqual(await hashFile(file), before);
  }),
);

test('runnerPaths(work) puts executed copies, failed copies and the state file inside the work folder', () => {
  assert.deepEqual(runnerPaths('/w'), {
    executedDir: path.join('/w', 'executed'),
    failedDir: path.join('/w', 'executed', 'failed'),
    stateFile: path.join('/w', 'course-state.json'),
  });
});

test('effectiveQuick(quick, env) follows the option, else reads AE_QUICK with the library\'s own parser (isQuickValue)', () => {
  for (const value of ['1', 'true', ' YES ', 'on', '0', 'false', 'no', '', 'quick']) {
    assert.equal(effectiveQuick(undefined, { AE_QUICK: value }), isQuickValue(value), `AE_QUICK=${JSON.stringify(value)}`);
  }
  assert.deepEqual(['1', 'true', ' YES ', 'on'].map(isQuickValue), [true, true, true, true]);
  assert.deepEqual(['0', 'false', 'no', '', 'quick', undefined].map(isQuickValue), [false, false, false, false, false, false]);
  assert.equal(effectiveQuick(true, { AE_QUICK: '0' }), true);
  assert.equal(effectiveQuick(false, { AE_QUICK: '1' }), false);
});
