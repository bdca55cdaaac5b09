/**
 * Seeded train/test split: the same seed always keeps the same images aside.
 */
import { tf } from '../tf';
import { courseSeed } from '../paths';
import { shuffledIndices } from '../random';

/** Options of splitIndices() and trainTestSplit(). */
export interface SplitOptions {
  /** Fraction of the images kept for testing, in (0, 1) (default 0.1). */
  testFraction?: number;
  /** Seed of the shuffle (default courseSeed(): AE_SEED or 42). */
  seed?: number;
}

/** Row numbers of the two parts, in shuffled order. */
export interface SplitIndices {
  trainIndices: number[];
  testIndices: number[];
}

/**
 * Shuffles 0..n-1 with `seed` and keeps round(n · testFraction) rows (at least 1, at most n − 1) for
 * testing. Same n, fraction and seed → same indices.
 */
export function splitIndices(n: number, options: SplitOptions = {}): SplitIndices {
  const testFraction = options.testFraction ?? 0.1;
  const seed = options.seed ?? courseSeed();
  if (!Number.isInteger(n) || n < 2) {
    throw new Error(`Impossible de partager ${n} image(s) entre jeu d'entraînement et jeu de test : il en faut au moins 2 (chargez plus d'images, par exemple avec un maxImages plus grand).`);
  }
  if (!Number.isFinite(testFraction) || testFraction <= 0 || testFraction >= 1) {
    throw new Error(`testFraction=${testFraction} doit être strictement compris entre 0 et 1 ; le cours prend 0.1 (10 % des images pour le jeu de test).`);
  }
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`seed=${seed} doit être un entier : passez par exemple 42, la graine du cours.`);
  }
  const order = Array.from(shuffledIndices(n, seed));
  const testCount = Math.min(n - 1, Math.max(1, Math.round(n * testFraction)));
  return { testIndices: order.slice(0, testCount), trainIndices: order.slice(testCount) };
}

/**
 * Splits `images` [n, ...] along the first axis with a seeded shuffle (10 % test by default).
 * Returns new tensors `train` [n − k, ...] and `test` [k, ...] owned by the caller (dispose them),
 * and the source row of each, so `attributes` rows can follow. `images` itself is not disposed.
 */
export function trainTestSplit<T extends tf.Tensor>(
  images: T,
  options: SplitOptions = {},
): { train: T; test: T; trainIndices: number[]; testIndices: number[] } {
  if (images.rank < 1) throw new Error('trainTestSplit : images doit être un tenseur [n, …], reçu un scalaire ; passez le tenseur des images.');
  const { trainIndices, testIndices } = splitIndices(images.shape[0], options);
  const [train, test] = tf.tidy(() => [tf.gather(images, trainIndices) as T, tf.gather(images, testIndices) as T]);
  return { train, test, trainIndices, testIndices };
}
