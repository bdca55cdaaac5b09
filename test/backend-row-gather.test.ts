/**
 * GatherV2 on wasm: whole rows along axis 0 (training batches) are copied block by block; every case gives the cpu
 * backend's values and shape, the other cases go to the built-in kernel, and nothing is left allocated.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tf, initBackend } from '../src/internal';
import { onBackends, seededValues } from './helpers/backend-compare';

interface GatherCase {
  label: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  indices: number[];
  indicesShape?: number[];
  axis?: number;
}

const cases: GatherCase[] = [
  // A training batch: images picked in shuffled order, one twice.
  { label: 'rows of images', shape: [10, 4, 4, 3], dtype: 'float32', indices: [7, 0, 9, 3, 7] },
  { label: 'axis -4 is axis 0', shape: [10, 4, 4, 3], dtype: 'float32', indices: [2, 5], axis: -4 },
  { label: 'indices of rank 2', shape: [6, 5], dtype: 'float32', indices: [5, 0, 1, 1, 4, 2], indicesShape: [2, 3] },
  { label: 'int32 rows', shape: [8, 3], dtype: 'int32', indices: [1, 7, 0] },
  { label: 'a vector', shape: [9], dtype: 'float32', indices: [8, 0, 4] },
  // Built-in kernel: another axis (its batchDims > 0 results differ from cpu's in tfjs 4.22, and the course never uses them).
  { label: 'axis 1', shape: [3, 6, 2], dtype: 'float32', indices: [5, 1], axis: 1 },
  { label: 'axis 1, indices of rank 2', shape: [2, 4, 3], dtype: 'int32', indices: [3, 0, 1, 1], indicesShape: [2, 2], axis: 1 },
];

function gather(c: GatherCase): { values: number[]; shape: number[] } {
  return tf.tidy(() => {
    const size = c.shape.reduce((a, b) => a * b, 1);
    const values = c.dtype === 'int32' ? Int32Array.from({ length: size }, (_, i) => i * 3 - 7) : seededValues(size, 11);
    const x = tf.tensor(values, c.shape, c.dtype);
    const indices = tf.tensor(c.indices, c.indicesShape ?? [c.indices.length], 'int32');
    const out = tf.gather(x, indices, c.axis ?? 0);
    return { values: Array.from(out.dataSync()), shape: out.shape };
  });
}

test('tf.gather on wasm gives the cpu backend\'s rows, shapes and dtypes, and frees what it allocates', async () => {
  const results = await onBackends(['cpu', 'wasm'], () => cases.map((c) => gather(c)));
  cases.forEach((c, i) => {
    assert.deepEqual(results.wasm[i].shape, results.cpu[i].shape, c.label);
    assert.deepEqual(results.wasm[i].values, results.cpu[i].values, c.label);
  });
  await initBackend({ backend: 'wasm' });
  const before = tf.memory().numTensors;
  const dataIds = (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
  for (const c of cases) gather(c);
  assert.equal(tf.memory().numTensors, before);
  assert.equal((tf.backend() as unknown as { numDataIds(): number }).numDataIds(), dataIds);
});

test('a batch gathered on wasm holds exactly the picked images, in order', async () => {
  await initBackend({ backend: 'wasm' });
  const images = tf.tensor4d(Float32Array.from({ length: 20 * 2 * 2 * 3 }, (_, i) => i), [20, 2, 2, 3]);
  const picked = [19, 4, 4, 0, 11];
  const batch = tf.gather(images, tf.tensor1d(picked, 'int32'));
  const got = batch.arraySync() as number[][][][];
  picked.forEach((r, k) => assert.deepEqual(got[k].flat(2), Array.from({ length: 12 }, (_, j) => r * 12 + j), `image ${k}`));
  tf.dispose([images, batch]);
});
