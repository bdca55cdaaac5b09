import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../src/tf';
import { seededRandom } from '../src/random';
import { createCodeIndex, nearestNeighbours } from '../src/retrieval';

/** Seeded data, so the matrices are the same on every run. */
function randomMatrix(rows: number, cols: number, seed: number): number[][] {
  const next = seededRandom(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => next() * 2 - 1));
}

/** Brute-force reference: every distance computed in float64, sorted. */
function bruteForce(codes: number[][], query: number[], k: number): { indices: number[]; distances: number[] } {
  const all = codes.map((code, index) => ({
    index,
    distance: Math.sqrt(code.reduce((sum, value, j) => sum + (value - query[j]) ** 2, 0)),
  }));
  all.sort((a, b) => a.distance - b.distance || a.index - b.index);
  const best = all.slice(0, k);
  return { indices: best.map((b) => b.index), distances: best.map((b) => b.distance) };
}

test('nearestNeighbours(codes, queries, k) matches a brute-force reference (indices and distances)', () => {
  const codes = randomMatrix(300, 16, 1);
  const queries = randomMatrix(7, 16, 2);
  const codesTensor = tf.tensor2d(codes);
  const queriesTensor = tf.tensor2d(queries);
  const result = nearestNeighbours(codesTensor, queriesTensor, 5, { chunkSize: 3 });
  assert.equal(result.indices.length, 7);
  assert.equal(result.distances.length, 7);
  queries.forEach((query, i) => {
    const expected = bruteForce(codes, query, 5);
    assert.deepEqual(result.indices[i], expected.indices);
    result.distances[i].forEach((distance, j) => assert.ok(Math.abs(distance - expected.distances[j]) < 1e-5));
  });
  codesTensor.dispose();
  queriesTensor.dispose();
});

test('nearestNeighbours(codes, query [d], k) finds an exact duplicate first at distance 0', () => {
  const codes = randomMatrix(50, 8, 3).map((row) => row.map((v) => v * 100));
  const codesTensor = tf.tensor2d(codes);
  const query = tf.tensor1d(codes[17]);
  const result = nearestNeighbours(codesTensor, query, 3);
  assert.equal(result.indices.length, 1);
  assert.equal(result.indices[0][0], 17);
  assert.equal(result.distances[0][0], 0);
  assert.deepEqual(result.indices[0], bruteForce(codes, codes[17], 3).indices);
  codesTensor.dispose();
  query.dispose();
});

test('nearestNeighbours(codes, queries, k) accepts plain arrays and k = n returns every code sorted', () => {
  const codes = [[0, 0], [3, 4], [1, 0], [0, 2]];
  const result = nearestNeighbours(codes, [[0, 0]], 4);
  assert.deepEqual(result.indices, [[0, 2, 3, 1]]);
  assert.deepEqual(result.distances, [[0, 1, 2, 5]]);
});

test('nearestNeighbours(codes, queries, k) leaves the tensor count flat', () => {
  const codes = tf.tensor2d(randomMatrix(40, 4, 4));
  const queries = tf.tensor2d(randomMatrix(5, 4, 5));
  nearestNeighbours(codes, queries, 2); // warm-up
  const before = tf.memory().numTensors;
  nearestNeighbours(codes, queries, 2, { chunkSize: 2 });
  nearestNeighbours(codes, [1, 2, 3, 4], 3);
  assert.equal(tf.memory().numTensors, before);
  codes.dispose();
  queries.dispose();
});

test('nearestNeighbours(codes, queries, k) rejects k < 1, k > n and a dimension mismatch with clear errors', () => {
  const codes = [[0, 0], [1, 1], [2, 2]];
  assert.throws(() => nearestNeighbours(codes, [0, 0], 0), /k doit être un entier ≥ 1, reçu 0 ; demandez au moins un voisin/);
  assert.throws(() => nearestNeighbours(codes, [0, 0], 1.5), /k doit être un entier ≥ 1, reçu 1\.5 ;/);
  assert.throws(() => nearestNeighbours(codes, [0, 0], 4), /k = 4 dépasse le nombre de codes \(3\) ; prenez k ≤ 3/);
  assert.throws(() => nearestNeighbours(codes, [0, 0, 0], 1), /dimensions incompatibles.*2 valeurs.*3 ; encodez les requêtes avec le même encodeur/);
  assert.throws(
    () => nearestNeighbours([0, 1, 2] as unknown as number[][], [0], 1),
    /codes doit être une matrice \[n, d\] à deux dimensions, reçu la forme \[3\] ; encodez d'abord les images/,
  );
  assert.throws(() => nearestNeighbours(codes, [0, 0], 1, { chunkSize: 0 }), /chunkSize doit être un entier ≥ 1, reçu 0 ; passez par exemple 256/);
  assert.throws(() => nearestNeighbours([[0, 1], [2]], [0, 0], 1), /toutes les lignes d'un tableau imbriqué doivent avoir la même longueur/);
  const before = tf.memory().numTensors;
  const tensorCodes = tf.tensor2d(codes);
  assert.throws(() => nearestNeighbours(tensorCodes, [[0]], 1), /dimensions incompatibles, les codes ont 2 valeurs chacun mais les requêtes en ont 1/);
  const cube = tf.zeros([1, 1, 2]);
  assert.throws(() => nearestNeighbours(tensorCodes, cube, 1), /queries doit être un code \[d\] ou une matrice \[m, d\], reçu la forme \[1, 1, 2\]/);
  cube.dispose();
  tensorCodes.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('createCodeIndex(codes) gives the same neighbours as the plain codes and frees its tensors on dispose()', () => {
  const codes = randomMatrix(120, 6, 6);
  const queries = randomMatrix(4, 6, 7);
  const before = tf.memory().numTensors;
  const index = createCodeIndex(codes);
  assert.equal(index.size, 120);
  assert.equal(index.codeSize, 6);
  assert.deepEqual(index.codesTransposed.shape, [6, 120]);
  const fromIndex = nearestNeighbours(index, queries, 4);
  assert.deepEqual(fromIndex, nearestNeighbours(codes, queries, 4));
  assert.deepEqual(nearestNeighbours(index, queries[1], 4).indices[0], fromIndex.indices[1]);
  index.dispose();
  index.dispose();
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => nearestNeighbours(index, queries, 1), /ce CodeIndex a été libéré \(dispose\) ; construisez-en un nouveau avec createCodeIndex/);
});
