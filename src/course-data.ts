/**
 * The course's data split: LFW faces (from the decoded cache after the first load) split into train and test
 * images with the course's seed, with the attribute table aligned to both.
 */
import pl from 'nodejs-polars';
import { loadLfw, trainTestSplit } from './data';
import type { LfwOptions } from './data';
import { courseSeed } from './paths';
import { tf } from './tf';

/** Fraction of the images kept aside as the test set. */
export const COURSE_TEST_FRACTION = 0.1;

/** The course's data: a seeded train/test split of LFW faces with the aligned attribute table. */
export interface CourseData {
  /** Training faces, [nTrain, h, w, 3] in [0, 1]; dispose with disposeCourseData(). */
  train: tf.Tensor4D;
  /** Test faces, [nTest, h, w, 3] in [0, 1]; dispose with disposeCourseData(). */
  test: tf.Tensor4D;
  /** Attribute table of ALL loaded images (row i ↔ image i): columns person, imagenum, then attributes. */
  attributes: pl.DataFrame;
  /** Shape of one face, [h, w, 3]. */
  imageShape: [number, number, number];
  /** trainIndices[j] = row of `attributes` for train image j. */
  trainIndices: number[];
  /** testIndices[j] = row of `attributes` for test image j. */
  testIndices: number[];
}

/** Options of loadCourseData(): loadLfw's options plus the split's; the defaults are the course's (all images, LFW_QUICK_MAX_IMAGES in quick mode). */
export interface CourseDataOptions extends LfwOptions {
  /** Fraction kept for testing (default 0.1). */
  testFraction?: number;
  /** Seed of the split (default courseSeed(), i.e. AE_SEED or 42). */
  seed?: number;
}

/**
 * Loads LFW (from the decoded cache after the first time) and splits it with the course's seed.
 * Honours AE_QUICK (loadLfw then keeps LFW_QUICK_MAX_IMAGES images). The caller owns `train` and `test` (disposeCourseData).
 * Introduced in 07-preparation-des-donnees-d-entrainement.
 */
export async function loadCourseData(options: CourseDataOptions = {}): Promise<CourseData> {
  const { testFraction = COURSE_TEST_FRACTION, seed = courseSeed(), ...lfwOptions } = options;
  const dataset = await loadLfw(lfwOptions);
  try {
    const split = trainTestSplit(dataset.images, { testFraction, seed });
    return {
      train: split.train as tf.Tensor4D,
      test: split.test as tf.Tensor4D,
      attributes: dataset.attributes,
      imageShape: [...dataset.imageShape] as [number, number, number],
      trainIndices: Array.from(split.trainIndices),
      testIndices: Array.from(split.testIndices),
    };
  } finally {
    dataset.images.dispose();
  }
}

/** Frees the tensors of a CourseData (train and test). Introduced in 07-preparation-des-donnees-d-entrainement. */
export function disposeCourseData(data: CourseData): void {
  data.train.dispose();
  data.test.dispose();
}
