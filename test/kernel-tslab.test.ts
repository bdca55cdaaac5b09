import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { kernelTslab } from '../src/internal';

const hookKey = '__tslab__';
const globals = globalThis as Record<string, unknown>;

afterEach(() => {
  delete globals[hookKey];
});

test('kernelTslab() is null outside a tslab kernel', () => {
  assert.equal(kernelTslab(), null);
});

test("kernelTslab() returns the module that the kernel's __tslab__.require('tslab') gives", () => {
  const shown: string[] = [];
  const tslab = { display: { html: (s: string) => shown.push(s) }, newDisplay: () => ({ text: (s: string) => shown.push(s) }) };
  globals[hookKey] = { require: (id: string) => (id === 'tslab' ? tslab : undefined) };
  const found = kernelTslab();
  assert.equal(found, tslab);
  found?.newDisplay().text('42 %');
  assert.deepEqual(shown, ['42 %']);
});

test('kernelTslab() is null when the kernel hook throws or its tslab lacks display/newDisplay', () => {
  globals[hookKey] = { require: () => { throw new Error('Cannot find module'); } };
  assert.equal(kernelTslab(), null);
  globals[hookKey] = { require: () => ({ display: { html: () => undefined } }) };
  assert.equal(kernelTslab(), null);
  globals[hookKey] = { require: () => ({ newDisplay: () => ({ text: () => undefined }) }) };
  assert.equal(kernelTslab(), null);
});
