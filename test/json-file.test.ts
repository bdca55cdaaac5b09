import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { readJson, writeJsonAtomic } from '../src/json-file';
import { useScratchWorkDir } from './helpers/scratch-work-dir';

const scratch = useScratchWorkDir();

test('writeJsonAtomic(file, value) sorts keys and leaves no temp file', () => {
  const file = path.join(scratch.work, 'histories', 'code-sizes.json');
  writeJsonAtomic(file, { b: 1, a: [{ z: 1, y: 2 }] });
  assert.equal(fs.readFileSync(file, 'utf8'), '{\n  "a": [\n    {\n      "y": 2,\n      "z": 1\n    }\n  ],\n  "b": 1\n}\n');
  assert.deepEqual(readJson(file), { a: [{ y: 2, z: 1 }], b: 1 });
  assert.deepEqual(fs.readdirSync(path.dirname(file)).filter((f) => f.includes('.tmp')), []);
  assert.throws(() => readJson(path.join(scratch.work, 'missing.json')), /Fichier introuvable : .*missing\.json\. Exécutez d'abord la partie qui l'écrit\./);
});
