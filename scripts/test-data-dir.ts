/**
 * The data the tests run the notebooks on, in this order: AE_DATA_DIR when set; the development copy of LFW in
 * ../shared/data beside the repository when present; otherwise a small synthetic sample built by
 * scripts/make-sample-lfw.ts into <work>/sample-data.
 */
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot, workDir } from '../src/paths';
import { makeSampleLfw } from './make-sample-lfw';

/** Chooses the data folder for a test run, building the synthetic sample when nothing else is there. */
export async function testDataDir(): Promise<string> {
  if (process.env.AE_DATA_DIR) return path.resolve(process.env.AE_DATA_DIR);
  const shared = path.resolve(repoRoot(), '..', 'shared', 'data');
  if (fs.existsSync(path.join(shared, 'lfw.tgz'))) return shared;
  const sample = path.join(workDir(), 'sample-data');
  if (!fs.existsSync(path.join(sample, 'lfw.tgz'))) {
    console.log(`Pas de données LFW : construction d'un petit jeu synthétique dans ${path.relative(repoRoot(), sample)}`);
    await makeSampleLfw(sample);
  }
  return sample;
}
