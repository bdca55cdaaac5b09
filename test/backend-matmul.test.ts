/**
 * BatchMatMul and _FusedMatMul on wasm: products of two matrices run on our forward-convolution kernel (the Dense
 * layers), others on the built-in kernel; both give the cpu backend's products and free what they allocate.
 */
import assert from 'node:assert/strict';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf, initBackend } from '../src/internal';
import { compareArrays, seededValues } from './helpers/backend-compare';
import { testEachSimdBuild } from './helpers/simd-builds';

interface MatMulCase {
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
  bias?: boolean;
  activation?: 'linear' | 'relu';
}

const cases: MatMulCase[] = [
  // The denoiser's Dense layers at a 16-image shard: forward (with bias), input gradient, weight gradient.
  { a: [16, 1024], b: [1024, 512], transposeA: false, transposeB: false, bias: true },
  { a: [16, 512], b: [1024, 512], transposeA: false, transposeB: true },
  { a: [16, 1024], b: [16, 512], transposeA: true, transposeB: false },
  // Tails: inner dimensions under 8 (the convolution's built-in fallback), odd sizes, both transposes.
  { a: [5, 3], b: [3, 7], transposeA: false, transposeB: false, bias: true },
  { a: [3, 5], b: [7, 3], transposeA: true, transposeB: true },
  { a: [9, 13], b: [13, 11], transposeA: false, transposeB: false },
  // A batch of one (rank 3) keeps its batch axis; bias broadcast over the rows.
  { a: [1, 9, 13], b: [1, 13, 6], transposeA: false, transposeB: false, bias: true },
  { a: [1, 13, 9], b: [6, 13], transposeA: true, transposeB: true },
  // Built-in kernel: batches of several matrices, fused activation.
  { a: [2, 4, 10], b: [2, 10, 3], transposeA: false, transposeB: false },
  { a: [2, 10, 4], b: [2, 3, 10], transposeA: true, transposeB: true },
  { a: [6, 10], b: [10, 9], transposeA: false, transposeB: false, bias: true, activation: 'relu' },
];

/** Each case's fused and plain products (values and shapes) on the active backend. */
function products(): { values: Float32Array; shape: number[] }[] {
  return cases.flatMap((c, i) =>
    tf.tidy(() => {
      const a = tf.tensor(seededValues(c.a.reduce((p, d) => p * d), 10 + i), c.a);
      const b = tf.tensor(seededValues(c.b.reduce((p, d) => p * d), 40 + i), c.b);
      const n = c.transposeB ? c.b[c.b.length - 2] : c.b[c.b.length - 1];
      const bias = c.bias ? tf.tensor(seededValues(n, 70 + i), [n]) : undefined;
      const fused = tf.fused.matMul({ a, b, transposeA: c.transposeA, transposeB: c.transposeB, bias, activation: c.activation ?? 'linear' });
      const plain = tf.matMul(a, b, c.transposeA, c.transposeB);
      return [fused, plain].map((t) => ({ values: t.dataSync() as Float32Array, shape: t.shape }));
    }),
  );
}

testEachSimdBuild('matrix products on wasm (1×1 convolutions on our kernel, or the built-in kernel) equal the cpu ones and free their buffers', async () => {
  await initBackend({ backend: 'cpu' });
  const want = products();
  await initBackend({ backend: 'wasm' });
  const backend = tf.backend() as unknown as BackendWasm;
  const buffersBefore = backend.numDataIds();
  const got = products();
  assert.equal(backend.numDataIds(), buffersBefore, 'no wasm buffer left behind');
  const failures = want.map((w, i) => {
    const label = `case ${Math.floor(i / 2)} (${i % 2 === 0 ? 'fused' : 'matMul'})`;
    if (JSON.stringify(got[i].shape) !== JSON.stringify(w.shape)) return `${label}: shape ${got[i].shape} instead of ${w.shape}`;
    return compareArrays(label, w.values, got[i].values, 1e-5);
  });
  assert.deepEqual(failures.filter(Boolean), []);
});
