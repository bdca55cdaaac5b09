/**
 * The notebooks' part of `npm test`: executes every notebook in quick mode (AE_QUICK=1) through the tslab
 * kernel and fails at the first failing cell. Data, in this order: AE_DATA_DIR when set; the development
 * copy of LFW in ../shared/data beside the repository when present; otherwise a small synthetic sample
 * built by scripts/make-sample-lfw.ts. Work files go to <work>/quick so that a full course run is never
 * mixed with the test run.
 *
 *   node --import tsx scripts/test-notebooks.ts [runner options, e.g. --only 12]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot, workDir } from '../src/paths';
import { makeSampleLfw } from './make-sample-lfw';

/** Chooses the data folder for the test run, building the synthetic sample when nothing else is there. */
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

async function main(): Promise<void> {
  const dataDir = await testDataDir();
  const work = path.join(workDir(), 'quick');
  console.log(`Carnets en mode rapide — données : ${dataDir} — travail : ${work}`);
  const runner = path.join(repoRoot(), 'scripts', 'run-notebooks.ts');
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', runner, '--quick', '--work', work, ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, AE_DATA_DIR: dataDir, AE_QUICK: '1' } },
  );
  process.exit(result.status ?? 1);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
