/**
 * The notebooks' part of `npm test`: executes every notebook (or a selection) in quick mode (AE_QUICK=1) through
 * Jupyter's own client, nbclient, with the kernel that `npm run setup:jupyter` registers, installed into a
 * Jupyter data folder of the test's own (<work>/quick/jupyter-data: the user's kernels are never touched).
 * Stops at the first failing cell and prints the part, the cell, its source and the error. Also checks that
 * each executed notebook saved only the final state of its progress bars. Data: tools/test-data-dir.ts.
 * Work files go to <work>/quick, executed copies to <work>/quick/nbclient/.
 *
 *   node --import tsx scripts/test-notebooks.ts [--only 01,06,11] [--from 20] [--timeout 3600]
 */
import * as path from 'path';
import { repoRoot, workDir } from '../src/paths';
import { endScript, executeWithNbclient, findNbclientPython, formatCellFailure, formatElapsed, listCourseNotebooks, NotebookCellError, progressLines, registerKernelInto, selectNotebooks, testDataDir } from '../tools';

const HELP = `Usage : npm run test:notebooks -- [--only N[,M…]] [--from N] [--timeout secondes]
Exécute les carnets en mode rapide par nbclient (le client de Jupyter) et le noyau de \`npm run setup:jupyter\`.`;

/** Parsed command line. */
interface Options {
  only: string[];
  from?: string;
  timeoutSeconds: number;
}

function parseArgs(argv: string[]): Options | 'help' {
  const options: Options = { only: [], timeoutSeconds: 3600 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined) throw new Error(`${flag} attend une valeur.\n${HELP}`);
      return next;
    };
    if (flag === '--only') options.only.push(...value().split(',').filter((s) => s.trim() !== ''));
    else if (flag === '--from') options.from = value();
    else if (flag === '--timeout') options.timeoutSeconds = Number(value());
    else if (flag === '-h' || flag === '--help') return 'help';
    else throw new Error(`Argument inconnu : ${argv[i]}\n${HELP}`);
  }
  if (!Number.isFinite(options.timeoutSeconds) || options.timeoutSeconds < 0) throw new Error(`--timeout attend un nombre de secondes >= 0.\n${HELP}`);
  return options;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (options === 'help') {
    console.log(HELP);
    return 0;
  }
  const root = repoRoot();
  const all = listCourseNotebooks(path.join(root, 'notebooks'));
  const entries = selectNotebooks(all, { only: options.only, from: options.from });
  const dataDir = await testDataDir();
  const work = path.join(workDir(), 'quick');
  const jupyterData = path.join(work, 'jupyter-data');
  const python = findNbclientPython();
  registerKernelInto(jupyterData, root);
  console.log(`Carnets en mode rapide par nbclient (${python}) — données : ${dataDir} — travail : ${work}`);
  console.log(`${entries.length} carnet(s) sur ${all.length} — noyau tslab déclaré dans ${jupyterData}`);
  const env = { ...process.env, AE_QUICK: '1', AE_DATA_DIR: dataDir, AE_WORK_DIR: work, JUPYTER_DATA_DIR: jupyterData };
  const started = Date.now();
  const times: string[] = [];
  for (const entry of entries) {
    console.log(`=== Partie ${entry.part}/${all.length} : ${entry.name} ===`);
    const outputFile = path.join(work, 'nbclient', entry.name);
    try {
      const { notebook, seconds } = await executeWithNbclient(entry.file, {
        python,
        outputFile,
        env,
        timeoutSeconds: options.timeoutSeconds,
        onOutput: (text) => process.stdout.write(text),
      });
      const stale = progressLines(notebook).filter((cell) => cell.unfinished.length > 0);
      if (stale.length > 0) {
        const first = stale[0];
        console.error(
          `ÉCHEC : ${entry.name}, cellule ${first.cellIndex + 1} du carnet : ${first.unfinished.length} état(s) intermédiaire(s) de barre de progression ` +
            `enregistré(s) sur ${first.lines.length} ligne(s) de progression (attendu : seulement l'état final de chaque barre), par exemple :\n  ${first.unfinished[0]}`,
        );
        return 1;
      }
      times.push(`  ${formatElapsed(seconds).padStart(8)}  ${entry.name}`);
      console.log(`✓ ${entry.name} en ${formatElapsed(seconds)} → ${path.relative(process.cwd(), outputFile)}`);
    } catch (error) {
      if (error instanceof NotebookCellError) {
        console.error(formatCellFailure(error, outputFile));
        return 1;
      }
      throw error;
    }
  }
  console.log(['Temps par carnet (nbclient) :', ...times, `Total : ${formatElapsed((Date.now() - started) / 1000)}`].join('\n'));
  console.log('Tous les carnets demandés ont été exécutés sans erreur par nbclient.');
  return 0;
}

endScript(main, (error) => {
  console.error((error as Error).message ?? error);
  return 2;
});
