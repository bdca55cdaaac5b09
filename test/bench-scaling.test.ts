/**
 * The benchmark's scaling table covers 1, 2, 4, … threads up to the machine's cores, and the splits into shards.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Row } from '../bench/routes';
import { hybridShards, scalingTable, scalingThreads } from '../bench/scaling';

test('scalingThreads(cores) lists 1, 2, 4, … below the core count, then the core count itself', () => {
  assert.deepEqual(scalingThreads(1), [1]);
  assert.deepEqual(scalingThreads(2), [1, 2]);
  assert.deepEqual(scalingThreads(6), [1, 2, 4, 6]);
  assert.deepEqual(scalingThreads(16), [1, 2, 4, 8, 16]);
});

test('hybridShards(threads) lists the splits into 2, 4 or 8 shards of 2 to 8 XNNPACK threads each', () => {
  assert.deepEqual(hybridShards(2), []);
  assert.deepEqual(hybridShards(4), [2]);
  assert.deepEqual(hybridShards(6), [2]);
  assert.deepEqual(hybridShards(8), [2, 4]);
  assert.deepEqual(hybridShards(16), [2, 4, 8]);
  assert.deepEqual(hybridShards(32), [4, 8]);
});

test('scalingTable keeps the fastest split at each count and the speed-ups against each route\'s 1-thread time', () => {
  const row = (route: string, threads: number, secondsPer1000: number, shards = threads): Row => ({ route, model: 'conv', threads, secondsPer1000, shards });
  const withMedian = (r: Row, medianStepSecondsPer1000: number): Row => ({ ...r, medianStepSecondsPer1000 });
  const rows = [
    withMedian(row('wasm fast route', 1, 6), 5), withMedian(row('wasm fast route', 4, 3), 2), row('wasm threaded build', 4, 2.5),
    row('wasm 2 shards × 2 threads', 4, 2, 2),
  ];
  const torch = new Map<number, Row>([[1, withMedian(row('PyTorch 2.11 CPU', 1, 2), 1.5)], [4, withMedian(row('PyTorch 2.11 CPU', 4, 1), 0.6)]]);
  const [one, four] = scalingTable(rows, torch, [1, 4]);
  assert.equal(one.hybridPlan, undefined);
  assert.equal(four.wasmSpeedup, 2);
  assert.equal(four.threadedSpeedup, 6 / 2.5);
  assert.equal(four.hybridPlan, '2 × 2');
  assert.equal(four.hybridSpeedup, 3);
  assert.equal(four.pytorchSpeedup, 2);
  assert.equal(four.ratioToPyTorch, 3);
  assert.equal(four.wasmMedianSecondsPer1000, 2);
  assert.equal(four.wasmMedianSpeedup, 2.5);
  assert.equal(four.pytorchMedianSpeedup, 2.5);
  assert.equal(one.wasmMedianSpeedup, 1);
});
