/**
 * The committed notebooks are clean: no outputs, null execution counts, the tslab kernelspec.
 * (Executed copies live in <work>/executed/, never in notebooks/.)
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const notebooksDir = path.resolve(__dirname, '..', 'notebooks');
const notebookFiles = existsSync(notebooksDir)
  ? readdirSync(notebooksDir).filter((name) => name.endsWith('.ipynb')).sort()
  : [];
const TSLAB_KERNELSPEC = { name: 'tslab', language: 'typescript', display_name: 'TypeScript' };

test('notebooks/ holds the course notebooks', () => {
  assert.ok(existsSync(notebooksDir), `${notebooksDir} is missing: the course has no lessons to check`);
  assert.ok(notebookFiles.length > 0, `${notebooksDir} holds no .ipynb file: the course has no lessons to check`);
});

for (const name of notebookFiles) {
  test(`notebooks/${name} has no outputs, null execution counts and the tslab kernelspec`, () => {
    const file = path.join(notebooksDir, name);
    let notebook: {
      cells?: { cell_type?: string; outputs?: unknown[]; execution_count?: unknown }[];
      metadata?: { kernelspec?: unknown };
      nbformat?: number;
    };
    try {
      notebook = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      assert.fail(`notebooks/${name} is not valid JSON: ${(error as Error).message}`);
    }
    assert.equal(notebook.nbformat, 4, `notebooks/${name}: nbformat must be 4`);
    assert.ok(Array.isArray(notebook.cells), `notebooks/${name}: no "cells" array`);
    assert.deepEqual(
      notebook.metadata?.kernelspec,
      TSLAB_KERNELSPEC,
      `notebooks/${name}: metadata.kernelspec must be ${JSON.stringify(TSLAB_KERNELSPEC)}`,
    );
    const dirty = notebook.cells
      .map((cell, index) => ({ cell, index }))
      .filter(({ cell }) => cell.cell_type === 'code')
      .filter(({ cell }) => !Array.isArray(cell.outputs) || cell.outputs.length > 0 || cell.execution_count !== null)
      .map(
        ({ cell, index }) =>
          `cell ${index + 1} (outputs: ${Array.isArray(cell.outputs) ? cell.outputs.length : 'missing'}, execution_count: ${JSON.stringify(cell.execution_count)})`,
      );
    assert.deepEqual(
      dirty,
      [],
      `notebooks/${name} was saved with outputs or execution counts: ${dirty.join('; ')}. ` +
        'Clear them before committing (JupyterLab: Edit > Clear Outputs of All Cells, then save; or ' +
        '`jupyter nbconvert --clear-output --inplace notebooks/*.ipynb`).',
    );
  });
}
