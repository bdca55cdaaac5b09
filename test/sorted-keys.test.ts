import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sortKeysDeep } from '../src/sorted-keys';

test('sortKeysDeep(value) sorts object keys at every depth and keeps array order', () => {
  const sorted = sortKeysDeep({ b: 1, a: [{ z: 1, y: { d: 2, c: 3 } }, 2n], c: null });
  assert.equal(JSON.stringify(sorted), '{"a":[{"y":{"c":3,"d":2},"z":1},2],"b":1,"c":null}');
});

test('sortKeysDeep(value) keeps a "__proto__" key of parsed JSON as data', () => {
  assert.equal(JSON.stringify(sortKeysDeep(JSON.parse('{"b":1,"__proto__":{"x":1}}'))), '{"__proto__":{"x":1},"b":1}');
});
