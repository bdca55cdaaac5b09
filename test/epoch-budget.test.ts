import assert from 'node:assert/strict';
import { test } from 'node:test';
import { courseEpochs } from '../src/epoch-budget';
import { useScratchWorkDir } from './helpers/scratch-work-dir';

useScratchWorkDir(); // restores AE_QUICK after the tests

test('courseEpochs(25) gives 25 in full mode and at most 2 in quick mode', () => {
  delete process.env.AE_QUICK;
  assert.equal(courseEpochs(25), 25);
  process.env.AE_QUICK = '1';
  assert.equal(courseEpochs(25), 2);
  assert.equal(courseEpochs(1), 1);
  delete process.env.AE_QUICK;
  assert.throws(() => courseEpochs(0), /courseEpochs\(0\) : le nombre d'époques doit être un entier strictement positif/);
});
