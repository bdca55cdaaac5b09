/**
 * Finds a Jupyter that can register kernels: the first command among `jupyter` on PATH, `python3 -m jupyter`
 * and `/usr/bin/python3 -m jupyter` whose `kernelspec list --json` answers (jupyter_core and jupyter_client
 * both present). The python3 first on PATH is often not the one that has Jupyter (pyenv, a virtualenv).
 */
import { spawnSync } from 'node:child_process';

/** A way to run Jupyter: the program and the arguments that come before a subcommand. */
export interface JupyterCommand {
  program: string;
  args: string[];
}

/** The commands tried, in order. */
export const JUPYTER_CANDIDATES: readonly JupyterCommand[] = [
  { program: 'jupyter', args: [] },
  { program: 'python3', args: ['-m', 'jupyter'] },
  { program: '/usr/bin/python3', args: ['-m', 'jupyter'] },
];

/** What to install when no candidate works (printed as is, in French). */
export const INSTALL_HINT = [
  'Installez Jupyter, puis relancez `npm run setup:jupyter` :',
  '  - JupyterLab : pip install jupyterlab',
  '  - ou, sous Debian / Ubuntu, Jupyter Notebook : sudo apt-get install jupyter-notebook',
].join('\n');

/** The command as a learner would type it, e.g. `jupyter` or `/usr/bin/python3 -m jupyter`. */
export function describeJupyter(command: JupyterCommand): string {
  return [command.program, ...command.args].join(' ');
}

/** Runs `command subcommand…` and returns its exit status and output (status null when it could not start). */
export function runJupyter(
  command: JupyterCommand,
  subcommand: string[],
  env: NodeJS.ProcessEnv = process.env,
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command.program, [...command.args, ...subcommand], { encoding: 'utf8', env, timeout: 60_000 });
  return { status: result.error ? null : result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** True when `command` is a Jupyter that can list (hence install) kernel specs. */
export function canManageKernels(command: JupyterCommand, env: NodeJS.ProcessEnv = process.env): boolean {
  const result = runJupyter(command, ['kernelspec', 'list', '--json'], env);
  if (result.status !== 0) return false;
  try {
    return typeof (JSON.parse(result.stdout) as { kernelspecs?: unknown }).kernelspecs === 'object';
  } catch {
    return false;
  }
}

/** The first candidate that can manage kernels; throws (in French, with what to install) when none can. */
export function findJupyter(candidates: readonly JupyterCommand[] = JUPYTER_CANDIDATES, env: NodeJS.ProcessEnv = process.env): JupyterCommand {
  const found = candidates.find((candidate) => canManageKernels(candidate, env));
  if (found) return found;
  const tried = candidates.map((c) => `\`${describeJupyter(c)}\``).join(', ');
  throw new Error(`Jupyter est introuvable (essayé : ${tried} ; aucun ne sait déclarer un noyau).\n${INSTALL_HINT}`);
}
