/**
 * Exact k-nearest-neighbour search among latent codes, with batched tensor maths.
 *
 * Squared distances come from ‖q‖² + ‖c‖² − 2 q·c (one matrix product per chunk of queries),
 * `tf.topk` keeps a few more candidates than asked, and their distances are then recomputed
 * directly as ‖q − c‖ so that float32 cancellation can neither reorder close neighbours nor
 * give a tiny non-zero distance to an exact duplicate. No JavaScript loop runs over the codes.
 */
import { tf } from './tf';

/** Result of {@link nearestNeighbours}: one row per query, nearest first. */
export interface NeighbourResult {
  /** `indices[i][j]`: row of `codes` that is the (j+1)-th nearest neighbour of query i. */
  indices: number[][];
  /** `distances[i][j]`: Euclidean distance between query i and `codes[indices[i][j]]`. */
  distances: number[][];
}

/** Options of {@link nearestNeighbours}. */
export interface NeighbourOptions {
  /** Queries handled per matrix product (default: chosen so a chunk's distance matrix holds about 4M values). */
  chunkSize?: number;
}

/**
 * Codes prepared once for many searches (transposed copy and squared norms kept as tensors).
 * Made by {@link createCodeIndex}; call `dispose()` when done.
 */
export interface CodeIndex {
  /** Number of codes n. */
  readonly size: number;
  /** Values per code d. */
  readonly codeSize: number;
  /** The codes [n, d] (an owned copy). */
  readonly codes: tf.Tensor2D;
  /** The codes transposed [d, n] (a plain matMul is much faster than a transposed one on wasm). */
  readonly codesTransposed: tf.Tensor2D;
  /** Squared norms of the codes [1, n]. */
  readonly squaredNorms: tf.Tensor2D;
  /** Whether dispose() has been called. */
  readonly disposed: boolean;
  /** Frees the index's three tensors (the caller's codes are untouched). */
  dispose(): void;
}

type Matrix = tf.Tensor | number[][];
type Queries = tf.Tensor | number[] | number[][];

const DISTANCE_MATRIX_BUDGET = 1 << 22;

/**
 * Prepares codes [n, d] for repeated {@link nearestNeighbours} searches; the caller disposes the index
 * (`index.dispose()`), the input codes stay the caller's. Introduced in 28-recherche-d-images-par-plus-proches-voisins.
 * @example
 * const index = createCodeIndex(trainCodes);
 * const { indices } = nearestNeighbours(index, queryCode, 5);
 * index.dispose();
 */
export function createCodeIndex(codes: Matrix): CodeIndex {
  const shape = shapeOf(codes);
  if (shape.length !== 2) {
    throw new Error(
      `nearestNeighbours : codes doit être une matrice [n, d] à deux dimensions, reçu la forme [${shape.join(', ')}] ; ` +
        "encodez d'abord les images (encoder.predict(images)) et passez les codes [n, codeSize] obtenus.",
    );
  }
  const [n, d] = shape;
  if (n < 1 || d < 1) {
    throw new Error(`nearestNeighbours : codes est vide (forme [${n}, ${d}]) ; passez au moins un code de taille ≥ 1.`);
  }
  const tensors = tf.tidy(() => {
    const matrix = toFloatTensor(codes).reshape([n, d]) as tf.Tensor2D;
    return {
      codes: matrix,
      codesTransposed: matrix.transpose() as tf.Tensor2D,
      squaredNorms: matrix.square().sum(1).reshape([1, n]) as tf.Tensor2D,
    };
  });
  let disposed = false;
  return {
    size: n,
    codeSize: d,
    ...tensors,
    get disposed() {
      return disposed;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      tf.dispose([tensors.codes, tensors.codesTransposed, tensors.squaredNorms]);
    },
  };
}

/**
 * Exact k nearest neighbours (Euclidean) of each query among `codes` [n, d] (or a {@link CodeIndex});
 * queries are [d] or [m, d]. Returns plain arrays `{indices, distances}` of shape [m][k] (a single [d]
 * query gives one row), nearest first. Input tensors stay the caller's; no tensor survives the call.
 * Introduced in 28-recherche-d-images-par-plus-proches-voisins.
 * @example
 * const { indices, distances } = nearestNeighbours(trainCodes, queryCode, 5);
 */
export function nearestNeighbours(
  codes: Matrix | CodeIndex,
  queries: Queries,
  k: number,
  options: NeighbourOptions = {},
): NeighbourResult {
  if (isCodeIndex(codes)) return searchIndex(codes, queries, k, options);
  const index = createCodeIndex(codes);
  try {
    return searchIndex(index, queries, k, options);
  } finally {
    index.dispose();
  }
}

function searchIndex(index: CodeIndex, queries: Queries, k: number, options: NeighbourOptions): NeighbourResult {
  if (index.disposed) {
    throw new Error('nearestNeighbours : ce CodeIndex a été libéré (dispose) ; construisez-en un nouveau avec createCodeIndex(codes).');
  }
  const n = index.size;
  const d = index.codeSize;
  const queriesShape = shapeOf(queries);
  if (queriesShape.length !== 1 && queriesShape.length !== 2) {
    throw new Error(
      `nearestNeighbours : queries doit être un code [d] ou une matrice [m, d], reçu la forme [${queriesShape.join(', ')}] ; ` +
        "passez un code ou une matrice de codes produits par l'encodeur.",
    );
  }
  const queryDim = queriesShape[queriesShape.length - 1];
  if (queryDim !== d) {
    throw new Error(
      `nearestNeighbours : dimensions incompatibles, les codes ont ${d} valeurs chacun mais les requêtes en ont ${queryDim} ; ` +
        'encodez les requêtes avec le même encodeur (même codeSize) que les codes.',
    );
  }
  if (!Number.isInteger(k) || k < 1) {
    throw new Error(`nearestNeighbours : k doit être un entier ≥ 1, reçu ${k} ; demandez au moins un voisin.`);
  }
  if (k > n) {
    throw new Error(`nearestNeighbours : k = ${k} dépasse le nombre de codes (${n}) ; prenez k ≤ ${n}.`);
  }
  const chunkSize = options.chunkSize ?? Math.max(1, Math.floor(DISTANCE_MATRIX_BUDGET / n));
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new Error(`nearestNeighbours : chunkSize doit être un entier ≥ 1, reçu ${chunkSize} ; passez par exemple 256, ou omettez-le.`);
  }
  const m = queriesShape.length === 1 ? 1 : queriesShape[0];
  const indices: number[][] = [];
  const distances: number[][] = [];
  if (m === 0) return { indices, distances };

  // Candidates kept from the fast formula before the exact re-ranking.
  const candidates = Math.min(n, k + Math.max(8, k));
  const queryMatrix = tf.tidy(() => toFloatTensor(queries).reshape([m, d]) as tf.Tensor2D);
  try {
    for (let start = 0; start < m; start += chunkSize) {
      const size = Math.min(chunkSize, m - start);
      const [bestIndices, bestDistances] = tf.tidy(() => {
        const q = queryMatrix.slice([start, 0], [size, d]);
        const squared = q
          .square()
          .sum(1, true)
          .add(index.squaredNorms)
          .sub(q.matMul(index.codesTransposed).mul(2)); // [size, n]
        const candidateIndices = tf.topk(squared.neg(), candidates, true).indices; // [size, candidates]
        const gathered = tf.gather(index.codes, candidateIndices.reshape([-1])).reshape([size, candidates, d]);
        const exact = gathered.sub(q.expandDims(1)).square().sum(2).sqrt(); // [size, candidates]
        const best = tf.topk(exact.neg(), k, true);
        // candidateIndices[i][best[i][j]] through a flat 1-D gather (the batched gather crashes on wasm 4.22).
        const rowOffsets = tf.range(0, size * candidates, candidates, 'int32').reshape([size, 1]);
        const flatOrder = best.indices.add(rowOffsets).reshape([-1]);
        const chosen = tf.gather(candidateIndices.reshape([-1]), flatOrder).reshape([size, k]);
        return [chosen as tf.Tensor2D, best.values.neg() as tf.Tensor2D];
      });
      const chunkIndices = bestIndices.arraySync() as number[][];
      const chunkDistances = bestDistances.arraySync() as number[][];
      tf.dispose([bestIndices, bestDistances]);
      indices.push(...chunkIndices);
      distances.push(...chunkDistances);
    }
  } finally {
    queryMatrix.dispose();
  }
  return { indices, distances };
}

function isCodeIndex(x: unknown): x is CodeIndex {
  return (
    typeof x === 'object' &&
    x !== null &&
    !(x instanceof tf.Tensor) &&
    !Array.isArray(x) &&
    'codesTransposed' in x &&
    'squaredNorms' in x
  );
}

function shapeOf(x: tf.Tensor | number[] | number[][]): number[] {
  if (x instanceof tf.Tensor) return x.shape;
  if (!Array.isArray(x)) {
    throw new Error('nearestNeighbours : les codes doivent être un tenseur ou un tableau (imbriqué) de nombres ; passez la sortie de encoder.predict(images).');
  }
  if (x.length > 0 && Array.isArray(x[0])) {
    const rows = x as number[][];
    const width = rows[0].length;
    if (rows.some((row) => !Array.isArray(row) || row.length !== width)) {
      throw new Error("nearestNeighbours : toutes les lignes d'un tableau imbriqué doivent avoir la même longueur ; donnez des codes de même taille.");
    }
    return [rows.length, width];
  }
  return [x.length];
}

function toFloatTensor(x: tf.Tensor | number[] | number[][]): tf.Tensor {
  if (x instanceof tf.Tensor) return x.dtype === 'float32' ? x.clone() : x.toFloat();
  return tf.tensor(x as number[] | number[][], undefined, 'float32');
}
