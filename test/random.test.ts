import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mixSeed, pickIndices, seededRandom, shuffledIndices } from '../src/random';

test('seededRandom(seed) gives the same floats in [0, 1) for the same seed', () => {
  const draw = (seed: number) => {
    const next = seededRandom(seed);
    return Array.from({ length: 5 }, () => next());
  };
  const a = draw(42);
  assert.deepEqual(a, draw(42));
  assert.notDeepEqual(a, draw(43));
  assert.ok(a.every((x) => x >= 0 && x < 1));
  // mulberry32's first value for seed 1: the sequence the course's splits, batches and picks rely on.
  assert.equal(Math.round(seededRandom(1)() * 1e9), 627073941);
});

test('mixSeed(...parts) is deterministic and changes with any part', () => {
  assert.equal(mixSeed(1, 2), mixSeed(1, 2));
  assert.notEqual(mixSeed(1, 2), mixSeed(2, 1));
  assert.notEqual(mixSeed(1, 2), mixSeed(1, 2, 0));
  assert.ok(Number.isInteger(mixSeed(7)) && mixSeed(7) >= 0 && mixSeed(7) < 2 ** 32);
});

test('shuffledIndices(n, seed) is a permutation that changes with the epoch seed', () => {
  const a = Array.from(shuffledIndices(20, mixSeed(1, 1)));
  assert.deepEqual([...a].sort((x, y) => x - y), Array.from({ length: 20 }, (_, i) => i));
  assert.deepEqual(a, Array.from(shuffledIndices(20, mixSeed(1, 1))));
  assert.notDeepEqual(a, Array.from(shuffledIndices(20, mixSeed(1, 2))));
});

test('pickIndices(n, count, seed) gives the same distinct indices for the same seed', () => {
  const a = pickIndices(100, 10, 7);
  assert.deepEqual(a, pickIndices(100, 10, 7));
  assert.notDeepEqual(a, pickIndices(100, 10, 8));
  assert.equal(new Set(a).size, 10);
  assert.ok(a.every((i) => i >= 0 && i < 100));
  assert.deepEqual(pickIndices(3, 10, 1).sort(), [0, 1, 2]);
  assert.deepEqual(a, Array.from(shuffledIndices(100, 7).subarray(0, 10)), 'the picks are the start of the seeded shuffle');
  assert.throws(() => pickIndices(-1, 2), /pickIndices\(-1, 2\) : n et count doivent être des nombres entiers/);
});
