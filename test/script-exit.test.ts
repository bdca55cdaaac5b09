/**
 * endScript (tools/script-exit.ts): the scripts end with their exit code without calling process.exit() when nothing
 * is left open, and still end when a handle is (each case runs in a child Node process).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { runEval, type ScriptRun } from './helpers/run-script';

const moduleUrl = JSON.stringify(path.join(__dirname, '../tools/script-exit.ts'));

/** Runs `body` in a child Node process with `endScript` in scope; a call to process.exit() prints EXIT-CALLED first. */
function runChild(body: string): ScriptRun {
  return runEval([
    `const { endScript } = require(${moduleUrl});`,
    'const exit = process.exit.bind(process);',
    "process.exit = (code) => { process.stderr.write('EXIT-CALLED\\n'); exit(code); };",
    body,
  ].join('\n'));
}

test('endScript(main) ends with the code main resolves to, after its output, without calling process.exit()', () => {
  const run = runChild("endScript(async () => { await new Promise((r) => setTimeout(r, 10)); console.log('travail fini'); return 3; }, () => 9);");
  assert.equal(run.status, 3);
  assert.equal(run.stdout, 'travail fini\n');
  assert.doesNotMatch(run.stderr, /EXIT-CALLED/);
});

test('endScript(main) ends with 0 for a synchronous main that returns 0', () => {
  const run = runChild('endScript(() => 0, () => 9);');
  assert.equal(run.status, 0);
  assert.doesNotMatch(run.stderr, /EXIT-CALLED/);
});

test('a rejected or thrown error goes to onError, whose code ends the script', () => {
  const rejected = runChild("endScript(async () => { throw new Error('archive illisible'); }, (e) => { console.error(`échec : ${e.message}`); return 2; });");
  assert.equal(rejected.status, 2);
  assert.match(rejected.stderr, /échec : archive illisible/);
  const thrown = runChild("endScript(() => { throw new Error('option inconnue'); }, (e) => { console.error(e.message); return 4; });");
  assert.equal(thrown.status, 4);
  assert.match(thrown.stderr, /option inconnue/);
});

test('a script that leaves a handle open (an interval) is still ended, with its code, by process.exit()', () => {
  const run = runChild('setInterval(() => {}, 1000);\nendScript(async () => 5, () => 9);');
  assert.equal(run.status, 5);
  assert.match(run.stderr, /EXIT-CALLED/);
});
