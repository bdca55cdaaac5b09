/**
 * The course's Jupyter kernel spec: `tslab`, started as `<node> <project>/node_modules/tslab/bin/tslab kernel`
 * by absolute paths, so Jupyter needs neither a global tslab nor node on its PATH. Installed for the current
 * user with `jupyter kernelspec install --user` (which honours JUPYTER_DATA_DIR and replaces an older copy).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeJupyter, type JupyterCommand, runJupyter } from './find-jupyter';

/** The kernel name the notebooks ask for (`metadata.kernelspec.name`). */
export const KERNEL_NAME = 'tslab';

/** A kernel.json as Jupyter reads it. */
export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
}

/** Path of the project's tslab command-line entry; throws (in French) when `npm install` has not run. */
export function tslabEntry(projectRoot: string): string {
  let pkg: string;
  try {
    pkg = require.resolve('tslab/package.json', { paths: [projectRoot] });
  } catch {
    throw new Error(`tslab est absent de ${path.join(projectRoot, 'node_modules')} : exécutez d'abord \`npm install\` à la racine du projet.`);
  }
  return path.join(path.dirname(pkg), 'bin', 'tslab');
}

/** The kernel.json of the course's kernel: this Node and this project's tslab, by absolute paths. */
export function courseKernelSpec(projectRoot: string, nodePath: string = process.execPath): KernelSpec {
  return {
    argv: [path.resolve(nodePath), tslabEntry(projectRoot), 'kernel', '--config-path', '{connection_file}'],
    display_name: 'TypeScript',
    language: 'typescript',
  };
}

/** Where `jupyter kernelspec list` finds kernel `name`, and its argv (null when it is not listed). */
export function listedKernel(jupyter: JupyterCommand, name: string, env: NodeJS.ProcessEnv = process.env): { resourceDir: string; argv: string[] } | null {
  const result = runJupyter(jupyter, ['kernelspec', 'list', '--json'], env);
  if (result.status !== 0) throw new Error(`\`${describeJupyter(jupyter)} kernelspec list\` a échoué :\n${result.stderr.trim()}`);
  const specs = (JSON.parse(result.stdout) as { kernelspecs: Record<string, { resource_dir: string; spec: { argv: string[] } }> }).kernelspecs;
  const entry = specs[name];
  return entry ? { resourceDir: entry.resource_dir, argv: entry.spec.argv } : null;
}

/**
 * Installs `spec` as kernel `name` for the current user (replacing an earlier copy: safe to run twice) and
 * checks that Jupyter now lists it with this argv. Returns the folder that holds its kernel.json.
 */
export function installKernelSpec(jupyter: JupyterCommand, spec: KernelSpec, name: string = KERNEL_NAME, env: NodeJS.ProcessEnv = process.env): string {
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-kernelspec-'));
  try {
    const folder = path.join(staging, name);
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'kernel.json'), `${JSON.stringify(spec, null, 2)}\n`);
    const result = runJupyter(jupyter, ['kernelspec', 'install', '--user', `--name=${name}`, folder], env);
    if (result.status !== 0) {
      throw new Error(`\`${describeJupyter(jupyter)} kernelspec install\` a échoué :\n${(result.stderr || result.stdout).trim()}`);
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  const listed = listedKernel(jupyter, name, env);
  if (listed === null) throw new Error(`Le noyau « ${name} » vient d'être installé mais \`${describeJupyter(jupyter)} kernelspec list\` ne le montre pas.`);
  if (JSON.stringify(listed.argv) !== JSON.stringify(spec.argv)) {
    throw new Error(
      `Jupyter utilise un autre noyau « ${name} », dans ${listed.resourceDir}, qui passe avant celui de l'utilisateur ` +
        `(commande : ${listed.argv.join(' ')}). Supprimez-le (\`${describeJupyter(jupyter)} kernelspec remove ${name}\`) ou videz JUPYTER_PATH, puis relancez \`npm run setup:jupyter\`.`,
    );
  }
  return listed.resourceDir;
}
