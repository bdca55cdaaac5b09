import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { disposeCourseData, loadCourseData } from '../src/course-data';
import { tf } from '../src/tf';
import { makeLfwDataDir, FIXTURE_PHOTOS, FIXTURE_CROP } from './helpers/lfw-fixture';

test('loadCourseData(options) splits the faces 90/10 with attribute rows that follow, and leaks no tensor', async () => {
  const { dataDir } = await makeLfwDataDir();
  try {
    const before = tf.memory().numTensors;
    const data = await loadCourseData({ dataDir, dx: FIXTURE_CROP, dy: FIXTURE_CROP, dimx: 4, dimy: 4, quiet: true, testFraction: 0.34, seed: 1 });
    assert.deepEqual(data.imageShape, [4, 4, 3]);
    assert.deepEqual(data.train.shape, [4, 4, 4, 3]);
    assert.deepEqual(data.test.shape, [2, 4, 4, 3]);
    assert.equal(data.attributes.height, FIXTURE_PHOTOS.length);
    assert.deepEqual([...data.trainIndices, ...data.testIndices].sort(), [0, 1, 2, 3, 4, 5]);
    assert.equal(tf.memory().numTensors, before + 2);
    disposeCourseData(data);
    assert.equal(tf.memory().numTensors, before);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
