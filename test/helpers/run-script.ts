/**
 * Child Node processes for the tests: one of scripts/, run the way its npm script does, or a snippet of code. Each
 * has a ceiling on its time: a child that does not end fails the test that ran it, with a message, instead of
 * stalling the whole test run.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..');

/** Far above any script's time in the tests (a few seconds): only a hung script reaches it. */
const SCRIPT_TIMEOUT_MS = 10 * 60_000;
/** The same for a snippet (a fraction of a second). */
const EVAL_TIMEOUT_MS = 2 * 60_000;

/** What a child printed and how it ended (its exit code, or the signal that killed it). */
export interface ScriptRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `node --import tsx <args>` from the repository root; throws, with its output, when it did not end in time. */
function runNode(args: string[], what: string, timeout: number, env: NodeJS.ProcessEnv = {}): ScriptRun {
  const run = spawnSync(process.execPath, ['--import', 'tsx', ...args], {
    encoding: 'utf8',
    cwd: repoRoot,
    env: { ...process.env, ...env },
    timeout,
    killSignal: 'SIGKILL',
  });
  if (run.error) throw new Error(`${what} did not end (${run.error.message}); its output so far:\n${run.stdout}\n${run.stderr}`);
  return { status: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}

/** Runs `scripts/<name>` with `args` from the repository root (extra `env` on top of this process's). */
export function runScript(name: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): ScriptRun {
  return runNode([path.join(repoRoot, 'scripts', name), ...args], `scripts/${name} ${args.join(' ')}`, SCRIPT_TIMEOUT_MS, env);
}

/** Runs the TypeScript or JavaScript `code` in a child Node process (tsx loaded, `require` available). */
export function runEval(code: string): ScriptRun {
  return runNode(['--eval', code], 'the child process', EVAL_TIMEOUT_MS);
}
