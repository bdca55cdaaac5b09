/**
 * The one rule for the data the tests (and the bench) run on, in this order: AE_DATA_DIR when set; the development
 * copy of LFW in ../shared/data beside the repository when it holds lfw.tgz; otherwise a small synthetic sample
 * built by tools/sample-lfw.ts into <work>/sample-data. CONTRIBUTING.md documents it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot, workDir } from '../src/paths';
import { makeSampleLfw } from './sample-lfw';

/** The development copy of LFW, beside the repository: <repo>/../shared/data (read-only, never committed). */
export function developmentDataDir(): string {
  return path.resolve(repoRoot(), '..', 'shared', 'data');
}

/** Chooses the data folder for a test run, building the synthetic sample when nothing else is there. */
export async function testDataDir(): Promise<string> {
  if (process.env.AE_DATA_DIR) return path.resolve(process.env.AE_DATA_DIR);
  const shared = developmentDataDir();
  if (fs.existsSync(path.join(shared, 'lfw.tgz'))) return shared;
  const sample = path.join(workDir(), 'sample-data');
  if (!fs.existsSync(path.join(sample, 'lfw.tgz'))) {
    console.log(`Pas de données LFW : construction d'un petit jeu synthétique dans ${path.relative(repoRoot(), sample)}`);
    await makeSampleLfw(sample);
  }
  return sample;
}
