/**
 * The committed notebooks are clean: no outputs, null execution counts, the tslab kernelspec, and saved exactly
 * as the tools write them (sorted keys, 1-space indent). Read, checked and serialised by tools/notebook-format.ts,
 * the one model of a notebook file. (Executed copies live in <work>/executed/, never in notebooks/.)
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { cellsWithOutputs, listNotebookFiles, readNotebook, serializeNotebook } from '../tools';

const notebooksDir = path.resolve(__dirname, '..', 'notebooks');
const notebookFiles = listNotebookFiles(notebooksDir);
const TSLAB_KERNELSPEC = { name: 'tslab', language: 'typescript', display_name: 'TypeScript' };

test('notebooks/ holds the course notebooks', () => {
  assert.ok(existsSync(notebooksDir), `${notebooksDir} is missing: the course has no lessons to check`);
  assert.ok(notebookFiles.length > 0, `${notebooksDir} holds no .ipynb file: the course has no lessons to check`);
});

for (const { file, name } of notebookFiles) {
  test(`notebooks/${name} has no outputs, null execution counts, the tslab kernelspec and the tools' serialisation`, () => {
    const read = readNotebook(file);
    if ('error' in read) assert.fail(`notebooks/${name}${read.line === undefined ? '' : `, line ${read.line}`}: ${read.error}`);
    const notebook = read.notebook;
    assert.deepEqual(
      notebook.metadata.kernelspec,
      TSLAB_KERNELSPEC,
      `notebooks/${name}: metadata.kernelspec must be ${JSON.stringify(TSLAB_KERNELSPEC)}`,
    );
    assert.deepEqual(
      cellsWithOutputs(notebook),
      [],
      `notebooks/${name} was saved with outputs or execution counts in the cells listed. ` +
        'Clear them before committing (JupyterLab: Edit > Clear Outputs of All Cells, then save; or `npm run verifier -- --clear-outputs`).',
    );
    assert.equal(
      readFileSync(file, 'utf8'),
      serializeNotebook(notebook),
      `notebooks/${name} is not saved as Jupyter and the tools save it (sorted keys, 1-space indent, final newline): ` +
        'open it in JupyterLab and save it again.',
    );
  });
}
