import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { courseVersion, dependencyVersions } from '../src/package-versions';

test('courseVersion() reads the version from package.json', () => {
  assert.match(courseVersion(), /^\d+\.\d+\.\d+/);
});

test('dependencyVersions(root) reports installed packages, and null for a declared package that is not installed', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'course-versions-'));
  try {
    const manifest = { version: '3.1.4', dependencies: { zeta: '^1.0.0', alpha: '^2.0.0' }, optionalDependencies: { absent: '^9.0.0' } };
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify(manifest));
    for (const [name, version] of [['alpha', '2.5.0'], ['zeta', '1.0.7']]) {
      fs.mkdirSync(path.join(root, 'node_modules', name), { recursive: true });
      fs.writeFileSync(path.join(root, 'node_modules', name, 'package.json'), JSON.stringify({ version }));
    }
    const versions = dependencyVersions(root);
    assert.deepEqual(Object.entries(versions), [['absent', null], ['alpha', '2.5.0'], ['zeta', '1.0.7']], 'sorted by name');
    assert.equal(courseVersion(root), '3.1.4');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  assert.match(dependencyVersions()['@tensorflow/tfjs'] ?? '', /^4\./, 'the repository\'s own tfjs is found');
});
