/**
 * The benchmark's scaling table covers 1, 2, 4, … threads up to the machine's cores.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scalingThreads } from '../bench/scaling';

test('scalingThreads(cores) lists 1, 2, 4, … below the core count, then the core count itself', () => {
  assert.deepEqual(scalingThreads(1), [1]);
  assert.deepEqual(scalingThreads(2), [1, 2]);
  assert.deepEqual(scalingThreads(6), [1, 2, 4, 6]);
  assert.deepEqual(scalingThreads(16), [1, 2, 4, 8, 16]);
});
