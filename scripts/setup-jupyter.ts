/**
 * `npm run setup:jupyter`: registers the course's kernel (« TypeScript », name tslab) with Jupyter for the
 * current user, pointing at this project's tslab by absolute path, then says how to check and how to start.
 * Honours JUPYTER_DATA_DIR (the tests install into a folder of their own). Safe to run again (after moving the
 * project or changing Node, it must be run again).
 *
 *   node --import tsx scripts/setup-jupyter.ts
 */
import { repoRoot } from '../src/paths';
import { courseKernelSpec, describeJupyter, endScript, findJupyter, installKernelSpec, type JupyterCommand, KERNEL_NAME, runJupyter } from '../tools';

/** The start command to suggest: JupyterLab when this Jupyter has it, else the classic Notebook. */
function startCommand(jupyter: JupyterCommand): string {
  const prefix = describeJupyter(jupyter);
  if (runJupyter(jupyter, ['lab', '--version']).status === 0) return `${prefix} lab notebooks/`;
  if (runJupyter(jupyter, ['notebook', '--version']).status === 0) return `${prefix} notebook notebooks/`;
  return `${prefix} lab notebooks/   (installez d'abord JupyterLab : pip install jupyterlab)`;
}

function main(): number {
  const root = repoRoot();
  let jupyter: JupyterCommand;
  try {
    const spec = courseKernelSpec(root);
    jupyter = findJupyter();
    console.log(`Jupyter trouvé : ${describeJupyter(jupyter)}`);
    const folder = installKernelSpec(jupyter, spec);
    console.log(`Noyau « ${spec.display_name} » (${KERNEL_NAME}) déclaré pour Jupyter dans ${folder}`);
    console.log(`  il lance : ${spec.argv.join(' ')}`);
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  console.log('\nPour vérifier (le noyau tslab doit figurer dans la liste) :');
  console.log(`  ${describeJupyter(jupyter)} kernelspec list`);
  console.log('Pour ouvrir le cours, depuis la racine du projet :');
  console.log(`  ${startCommand(jupyter)}`);
  return 0;
}

endScript(main, (error) => {
  console.error((error as Error).message ?? error);
  return 1;
});
