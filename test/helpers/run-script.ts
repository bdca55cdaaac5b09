/**
 * Runs one of scripts/ in a child Node process, the way its npm script does, with a ceiling on its time: a script
 * that does not end fails the test that ran it, with a message, instead of stalling the whole test run.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..');

/** Far above any script's time in the tests (a few seconds): only a hung script reaches it. */
const SCRIPT_TIMEOUT_MS = 10 * 60_000;

/** What a script printed and how it ended. */
export interface ScriptRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `scripts/<name>` with `args` from the repository root (extra `env` on top of this process's). */
export function runScript(name: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): ScriptRun {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts', name), ...args], {
    encoding: 'utf8',
    cwd: repoRoot,
    env: { ...process.env, ...env },
    timeout: SCRIPT_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
  if (run.error) {
    throw new Error(`scripts/${name} ${args.join(' ')} did not end (${run.error.message}); its output so far:\n${run.stdout}\n${run.stderr}`);
  }
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
