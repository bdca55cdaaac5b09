import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { runEval } from './helpers/run-script';

const entry = JSON.stringify(path.join(__dirname, '../src/index.ts'));

/** Loads the library's public entry in a fresh Node process started with `argv`; returns whether zeromq's Publisher got guarded. */
function publisherGuardedAfterImport(argv: string[]): boolean {
  const script = `process.argv = ${JSON.stringify(argv)};
    require(${entry});
    const zmq = require('zeromq');
    process.stdout.write(String(Object.getOwnPropertySymbols(zmq.Publisher.prototype).includes(Symbol.for('autoencodeurs.serialisedSend'))));`;
  const child = runEval(script);
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as boolean;
}

test("importing the library (a notebook's first import) guards zeromq's publisher inside a tslab kernel only", () => {
  assert.equal(publisherGuardedAfterImport([process.execPath, '/repo/node_modules/tslab/bin/tslab', 'kernel', '--config-path', 'k.json']), true);
  assert.equal(publisherGuardedAfterImport([process.execPath, '/repo/scripts/run-notebooks.ts']), false);
});
