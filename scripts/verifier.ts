/**
 * `npm run verifier`: the translators' check. Every notebook has its title as in the table of contents, the five
 * sections in order, none empty, the back link, no outputs; numbering is continuous; relative links and their
 * anchors resolve; the prose follows French typography and the glossary's `à éviter` column; the committed pages
 * and Tables-des-matieres.md are exactly what `npm run render` produces; the results store (pages/resultats/,
 * pages/figures/) has an entry only for existing notebooks, no quick-mode entry, no figure that no page shows,
 * no machine path, and stays under 15 MB. Stale results are listed as notes, without failing.
 * Prints one French line per problem (file, cell or line, what to do) and exits 1 if there is any.
 *
 * Options: --root <dir> (course root, default this repository);
 * --clear-outputs (first removes outputs and execution counts from the notebooks, then checks).
 */
import * as path from 'node:path';
import { cellsWithOutputs, clearedNotebook, endScript, formatProblem, listNotebookFiles, NOTEBOOKS_DIR, PART_TITLES, readNotebook, verifyCourseReport, writeNotebook } from '../tools';

function main(argv: string[]): number {
  let root = path.resolve(__dirname, '..');
  let clear = false;
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--root' && argv[i + 1] !== undefined) root = path.resolve(argv[++i]);
    else if (argv[i] === '--clear-outputs') clear = true;
    else {
      console.error(`npm run verifier : option inconnue ${argv[i]} (options : --root <dossier>, --clear-outputs).`);
      return 2;
    }
  }

  if (clear) {
    for (const entry of listNotebookFiles(path.join(root, NOTEBOOKS_DIR))) {
      const read = readNotebook(entry.file);
      if ('error' in read || cellsWithOutputs(read.notebook).length === 0) continue;
      writeNotebook(entry.file, clearedNotebook(read.notebook));
      console.log(`sorties effacées : ${NOTEBOOKS_DIR}/${entry.name}`);
    }
  }

  const { problems, notes } = verifyCourseReport(root);
  for (const note of notes) console.log(`note : ${note}`);
  if (problems.length === 0) {
    console.log(`Vérification réussie : ${PART_TITLES.length} carnets, leurs pages et la table des matières sont conformes et à jour.`);
    return 0;
  }
  for (const problem of problems) console.error(formatProblem(problem));
  console.error(
    `\n${problems.length} problème(s). Corrigez-les dans les carnets (${NOTEBOOKS_DIR}/), puis relancez npm run render et npm run verifier ` +
      '(le guide : CONTRIBUTING.md).',
  );
  return 1;
}

endScript(
  () => main(process.argv.slice(2)),
  (error) => {
    console.error(`npm run verifier : ${(error as Error).message}`);
    return 2;
  },
);
