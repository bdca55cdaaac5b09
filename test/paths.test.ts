import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot, workDir, dataDir, cacheDir, quickMode, courseSeed, modelsDir, modelDir, historyPath, checkpointDir, relativeToRepo } from '../src/paths';

function withEnv(vars: Record<string, string | undefined>, body: () => void): void {
  const saved: Record<string, string | undefined> = {};
  for (const key of Object.keys(vars)) {
    saved[key] = process.env[key];
    if (vars[key] === undefined) delete process.env[key];
    else process.env[key] = vars[key];
  }
  try {
    body();
  } finally {
    for (const key of Object.keys(saved)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}

test('repoRoot() is the folder holding package.json', () => {
  const root = repoRoot();
  assert.ok(fs.existsSync(path.join(root, 'package.json')));
  assert.equal(root, path.resolve(__dirname, '..'));
});

test('workDir(), dataDir() and cacheDir() default to <repo>/work, <repo>/work/data and <work>/cache', () => {
  withEnv({ AE_WORK_DIR: undefined, AE_DATA_DIR: undefined }, () => {
    assert.equal(workDir(), path.join(repoRoot(), 'work'));
    assert.equal(dataDir(), path.join(repoRoot(), 'work', 'data'));
    assert.equal(cacheDir(), path.join(repoRoot(), 'work', 'cache'));
  });
});

test('workDir() and dataDir() follow AE_WORK_DIR and AE_DATA_DIR, resolved to absolute paths', () => {
  withEnv({ AE_WORK_DIR: '/tmp/ae-work', AE_DATA_DIR: 'relative/data' }, () => {
    assert.equal(workDir(), '/tmp/ae-work');
    assert.equal(cacheDir(), '/tmp/ae-work/cache');
    assert.equal(dataDir(), path.resolve('relative/data'));
  });
});

test('quickMode() is on for AE_QUICK=1/true and off when unset or 0', () => {
  withEnv({ AE_QUICK: '1' }, () => assert.equal(quickMode(), true));
  withEnv({ AE_QUICK: 'true' }, () => assert.equal(quickMode(), true));
  withEnv({ AE_QUICK: '0' }, () => assert.equal(quickMode(), false));
  withEnv({ AE_QUICK: undefined }, () => assert.equal(quickMode(), false));
});

test('courseSeed() is 42 by default, reads AE_SEED, and rejects a non-integer AE_SEED', () => {
  withEnv({ AE_SEED: undefined }, () => assert.equal(courseSeed(), 42));
  withEnv({ AE_SEED: '7' }, () => assert.equal(courseSeed(), 7));
  withEnv({ AE_SEED: 'abc' }, () => assert.throws(() => courseSeed(), /AE_SEED="abc" n'est pas un entier positif ou nul : donnez à AE_SEED un entier comme 42/));
  withEnv({ AE_SEED: '-3' }, () => assert.throws(() => courseSeed(), /AE_SEED="-3" n'est pas un entier positif ou nul/));
});

test('modelDir(name) is <work>/models/<name> and rejects path-like names', () => {
  withEnv({ AE_WORK_DIR: '/tmp/ae-work' }, () => {
    assert.equal(modelsDir(), path.join('/tmp/ae-work', 'models'));
    assert.equal(modelDir('pca-32'), path.join('/tmp/ae-work', 'models', 'pca-32'));
    assert.equal(historyPath('pca-32'), path.join('/tmp/ae-work', 'histories', 'pca-32.json'));
  });
  assert.throws(() => modelDir('../escape'), /modelDir\('\.\.\/escape'\) : choisissez un nom simple/);
});

test('checkpointDir(name) keeps quick-mode checkpoints apart; relativeToRepo(path) gives repo-relative paths', () => {
  const work = '/tmp/ae-work';
  withEnv({ AE_WORK_DIR: work, AE_QUICK: undefined }, () => assert.equal(checkpointDir('deep-32'), path.join(work, 'checkpoints', 'deep-32')));
  withEnv({ AE_WORK_DIR: work, AE_QUICK: '1' }, () => assert.equal(checkpointDir('deep-32'), path.join(work, 'checkpoints', 'quick', 'deep-32')));
  assert.equal(relativeToRepo(path.join(repoRoot(), 'dist', 'index.js')), 'dist/index.js');
  assert.equal(relativeToRepo(repoRoot()), '.');
});
