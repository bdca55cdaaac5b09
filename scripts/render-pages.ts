/**
 * `npm run render`: notebooks/ + the results store (pages/resultats/, pages/figures/) → pages/NN-….md and
 * Tables-des-matieres.md (committed). Parts with stored outputs show them; parts whose code changed since the
 * reference run say so. A damaged store entry stops the render before anything is written.
 * `npm run site` (--site): also the offline HTML site in site/ (not committed).
 * `npm run pdf` (--pdf): also site/cours.pdf, printed by headless Chromium.
 *
 * Options: --root <dir> (course root, default this repository), --site, --pdf.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../src/atomic-write';
import { damagedStoreMessages, endScript, ensureChromium, formatProblem, PAGES_DIR, printToPdf, readResultsStore, renderCourse, renderSite, scanCourse, SITE_DIR, SITE_INDEX, SITE_PDF, SITE_PRINT, STALE_COMMAND, TOC_FILE, writeRenderedCourse, writeSite } from '../tools';

interface Options {
  root: string;
  site: boolean;
  pdf: boolean;
  help: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { root: path.resolve(__dirname, '..'), site: false, pdf: false, help: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--root' && argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) options.root = path.resolve(argv[++i]);
    else if (arg === '--site') options.site = true;
    else if (arg === '--pdf') options.site = options.pdf = true;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else throw new Error(`option inconnue : ${arg} (voir npm run render -- --help).`);
  }
  return options;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    console.log(fs.readFileSync(__filename, 'utf8').split('*/')[0].replace(/^\/\*\*?|^ \* ?/gm, ''));
    return 0;
  }
  const scan = scanCourse(options.root);
  if (scan.problems.length > 0) {
    for (const problem of scan.problems) console.error(formatProblem(problem));
    console.error(
      `\nRendu annulé : ${scan.problems.length} problème(s) dans les carnets. Corrigez-les puis relancez npm run render ` +
        '(npm run verifier donne la liste complète des vérifications).',
    );
    return 1;
  }
  const store = readResultsStore(options.root);
  if (store.damaged.length > 0) {
    for (const line of damagedStoreMessages(store)) console.error(line);
    console.error('\nRendu annulé : rien n\'a été écrit (les pages restent telles quelles).');
    return 1;
  }
  const rendered = renderCourse(scan, store);
  const { written, removed } = await writeRenderedCourse(options.root, rendered);
  console.log(
    `Rendu : ${rendered.files.size - 1} pages dans ${PAGES_DIR}/ et ${TOC_FILE}, ${rendered.withOutputs.length} avec les sorties de l'exécution de référence ` +
      `(${written.length} fichier(s) écrit(s), ${removed.length} supprimé(s)${written.length + removed.length === 0 ? ' : déjà à jour' : ''}).`,
  );
  for (const file of [...written, ...removed.map((f) => `${f} (supprimé)`)]) console.log(`  ${file}`);
  if (rendered.stale.length > 0) {
    console.log(`Résultats périmés (code changé depuis l'exécution) : ${rendered.stale.join(', ')}. Pour les mettre à jour : ${STALE_COMMAND}`);
  }
  if (!options.site) return 0;

  const site = renderSite(rendered, store, options.root);
  const siteRemoved = writeSite(options.root, site, (file, content) => {
    if (!fs.existsSync(file) || !fs.readFileSync(file).equals(Buffer.from(content))) writeFileAtomic(file, content);
  });
  console.log(`Site : ${SITE_DIR}/${SITE_INDEX} (${site.files.size} pages HTML, ${site.copies.size} fichiers copiés, ${siteRemoved.length} supprimé(s)).`);
  if (!options.pdf) return 0;
  ensureChromium(options.root);
  const bytes = await printToPdf(path.join(options.root, SITE_DIR, SITE_PRINT), path.join(options.root, SITE_DIR, SITE_PDF));
  console.log(`PDF : ${SITE_DIR}/${SITE_PDF} (${(bytes / 1024 / 1024).toFixed(1)} Mo).`);
  return 0;
}

endScript(main, (error) => {
  console.error(`npm run render : ${(error as Error).message}`);
  return 1;
});
