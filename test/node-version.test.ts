import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkNodeVersion, nodeVersionStatus, SUPPORTED_NODE_MAJORS } from '../src/internal';

test('nodeVersionStatus accepts the tested LTS lines 22, 24 and 26', () => {
  for (const version of ['v22.23.5', 'v24.22.3', 'v26.12.1']) {
    const status = nodeVersionStatus(version);
    assert.equal(status.supported, true, version);
    assert.match(status.message, /^Node\.js v\d+\.\d+\.\d+ : version prise en charge \(le cours est testé sur Node\.js 22, 24 ou 26\)\.$/);
  }
});

test('nodeVersionStatus warns in French about an end-of-life version and says what to install', () => {
  const status = nodeVersionStatus('v20.20.2');
  assert.equal(status.supported, false);
  assert.equal(status.major, 20);
  assert.match(status.message, /^Attention : Node\.js v20\.20\.2 n'est plus pris en charge \(fin de vie\)\. Installez Node\.js 22, 24 ou 26/);
});

test('nodeVersionStatus flags an untested newer or odd version without calling it unsupported for good', () => {
  for (const version of ['v25.1.0', 'v28.0.0']) {
    const status = nodeVersionStatus(version);
    assert.equal(status.supported, false);
    assert.match(status.message, /n'a pas été testé avec le cours, qui l'est sur Node\.js 22, 24 ou 26/);
  }
});

test('nodeVersionStatus refuses an unreadable version string', () => {
  assert.throws(() => nodeVersionStatus('twenty'), /checkNodeVersion : version de Node\.js illisible « twenty » ; passez-la sous la forme v24\.11\.0/);
});

test('checkNodeVersion prints the running Node on stdout when supported (CI runs only supported versions), on stderr otherwise', (t) => {
  const log = t.mock.method(console, 'log', () => undefined);
  const warn = t.mock.method(console, 'warn', () => undefined);
  checkNodeVersion();
  assert.deepEqual(log.mock.calls.map((call) => call.arguments), [[nodeVersionStatus().message]]);
  assert.equal(warn.mock.callCount(), 0, `${process.version} is not one of ${SUPPORTED_NODE_MAJORS.join(', ')}`);
  checkNodeVersion('v20.20.2');
  assert.deepEqual(warn.mock.calls.map((call) => call.arguments), [[nodeVersionStatus('v20.20.2').message]]);
  assert.equal(log.mock.callCount(), 1);
});

test('package.json engines start at the oldest supported major', () => {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { engines: { node: string } };
  assert.equal(pkg.engines.node, `>=${Math.min(...SUPPORTED_NODE_MAJORS)}`);
});
