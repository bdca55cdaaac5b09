import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { readArchiveSample } from '../src/data/archive-sample';
import { makeLfwDataDir } from './helpers/lfw-fixture';

test('readArchiveSample(archive, 2) returns the first two JPEG files with their bytes', async () => {
  const { dataDir, archivePath } = await makeLfwDataDir();
  try {
    const files = await readArchiveSample(archivePath, 2);
    assert.equal(files.length, 2);
    for (const file of files) {
      assert.match(file.path, /^lfw\/[^/]+\/[^/]+_\d{4}\.jpg$/);
      assert.equal(file.data[0], 0xff);
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
