/**
 * Versions printed by the first parts: the course library's own, and the installed version of each dependency.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './paths';

/** Version of the course library, read from the package.json of `root` (default: the repository). Introduced in 01-configuration-du-projet. */
export function courseVersion(root: string = repoRoot()): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

/** Installed version of each dependency in the package.json of `root` (default: the repository; null when absent, e.g. @tensorflow/tfjs-node here), sorted by name. Introduced in 03-importation-des-bibliotheques. */
export function dependencyVersions(root: string = repoRoot()): Record<string, string | null> {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
  };
  const names = [...new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})])].sort();
  const out: Record<string, string | null> = {};
  for (const name of names) {
    try {
      const manifest = path.join(root, 'node_modules', ...name.split('/'), 'package.json');
      out[name] = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version?: string }).version ?? null;
    } catch {
      out[name] = null;
    }
  }
  return out;
}
