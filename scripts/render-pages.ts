/**
 * `npm run render`: notebooks/ → pages/NN-….md + Tables-des-matieres.md (the committed, output-free pages).
 * `npm run render -- --executed [dir]`: the same pages with the outputs of the executed copies
 * (default <work>/executed) and their figures as PNG, written to <work>/rendered (or --out <dir>).
 *
 * Options: --root <dir> (course root, default this repository), --executed [dir], --out <dir>,
 * --no-html (with --executed: skip the interactive HTML pages), --scale <n> (PNG pixel ratio, default 1).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COURSE_PLOTLY_FILE, renderHtmlPages } from './course-pages/html-page';
import { PAGES_DIR, TOC_FILE } from './course-pages/course-outline';
import { scanCourse } from './course-pages/course-scan';
import { CHROMIUM_PATH, openFigureRenderer, plotlyBundlePath } from './course-pages/figure-png';
import { relinkToRepository } from './course-pages/markdown-links';
import { formatProblem } from './course-pages/problem';
import { readExecutedNotebooks, renderCourse, writeRenderedCourse } from './course-pages/render-course';

interface Options {
  root: string;
  executed?: string;
  out?: string;
  html: boolean;
  scale: number;
}

function parseArgs(argv: string[]): Options {
  const root = path.resolve(__dirname, '..');
  const options: Options = { root, html: true, scale: 1 };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const next = argv[i + 1];
    const value = (): string => {
      if (next === undefined || next.startsWith('--')) throw new Error(`${arg} attend une valeur.`);
      i += 1;
      return next;
    };
    if (arg === '--root') options.root = path.resolve(value());
    else if (arg === '--out') options.out = path.resolve(value());
    else if (arg === '--executed') {
      if (next !== undefined && !next.startsWith('--')) {
        options.executed = path.resolve(next);
        i += 1;
      } else options.executed = '';
    } else if (arg === '--no-html') options.html = false;
    else if (arg === '--scale') options.scale = Number(value());
    else if (arg === '--help' || arg === '-h') {
      console.log(fs.readFileSync(__filename, 'utf8').split('*/')[0].replace(/^\/\*\*?|^ \* ?/gm, ''));
      process.exit(0);
    } else throw new Error(`option inconnue : ${arg} (voir npm run render -- --help).`);
  }
  return options;
}

/** Makes sure Debian's chromium is there, installing it with scripts/setup-chromium.sh when absent. */
function ensureChromium(root: string): void {
  if (fs.existsSync(CHROMIUM_PATH)) return;
  console.log(`${CHROMIUM_PATH} absent : installation par scripts/setup-chromium.sh…`);
  const result = spawnSync('bash', [path.join(root, 'scripts', 'setup-chromium.sh')], { stdio: 'inherit' });
  if (result.status !== 0 || !fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`chromium reste introuvable (${CHROMIUM_PATH}) : installez-le (npm run setup:chromium en root), puis relancez.`);
  }
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const scan = scanCourse(options.root);
  if (scan.problems.length > 0) {
    for (const problem of scan.problems) console.error(formatProblem(problem));
    if (options.executed === undefined) {
      console.error(
        `\nRendu annulé : ${scan.problems.length} problème(s) dans les carnets. Corrigez-les puis relancez npm run render ` +
          '(npm run verifier donne la liste complète des vérifications).',
      );
      return 1;
    }
    // Pages with outputs are a preview written outside the repository: render the parts that can be.
    console.error(`\nattention : ${scan.problems.length} problème(s) ; seules les parties sans problème sont rendues.`);
  }

  if (options.executed === undefined) {
    const outRoot = options.out ?? options.root;
    const rendered = renderCourse(scan);
    const { written, removed } = await writeRenderedCourse(outRoot, rendered);
    console.log(
      `Rendu : ${rendered.files.size - 1} pages dans ${PAGES_DIR}/ et ${TOC_FILE} ` +
        `(${written.length} fichier(s) écrit(s), ${removed.length} supprimé(s)${written.length + removed.length === 0 ? ' : déjà à jour' : ''}).`,
    );
    for (const file of [...written, ...removed.map((f) => `${f} (supprimé)`)]) console.log(`  ${file}`);
    return 0;
  }

  const workDir = path.resolve(process.env.AE_WORK_DIR ?? path.join(options.root, 'work'));
  const executedDir = options.executed || path.join(workDir, 'executed');
  const outRoot = options.out ?? path.join(workDir, 'rendered');
  if (path.resolve(outRoot) === path.resolve(options.root)) {
    throw new Error('les pages avec sorties ne vont pas dans le dépôt (elles dépendent de la machine et de l\'exécution) : choisissez --out hors du dépôt.');
  }
  const executed = readExecutedNotebooks(executedDir);
  if (executed.notebooks.size === 0) {
    throw new Error(`aucune copie exécutée dans ${executedDir} : exécutez d'abord les carnets (npm run notebooks), ou indiquez le dossier avec --executed <dossier>.`);
  }
  const rendered = renderCourse(scan, executed.notebooks);
  for (const warning of [...executed.warnings, ...rendered.warnings]) console.warn(`attention : ${warning}`);
  // Links to files that stay in the repository (README, notebooks, src/…) must still resolve from outRoot.
  const present = new Set([...rendered.files.keys(), ...rendered.figures.map((job) => job.file)]);
  for (const [file, markdown] of rendered.files) {
    rendered.files.set(file, relinkToRepository(markdown, file, outRoot, options.root, (rel) => present.has(rel)));
  }

  const extraFiles = new Map<string, string | Buffer>();
  if (options.html) {
    for (const [file, html] of renderHtmlPages(rendered)) extraFiles.set(file, html);
    extraFiles.set(`${PAGES_DIR}/${COURSE_PLOTLY_FILE}`, fs.readFileSync(plotlyBundlePath()));
  }
  let renderer: Awaited<ReturnType<typeof openFigureRenderer>> | undefined;
  if (rendered.figures.some((job) => job.kind === 'plotly')) {
    ensureChromium(options.root);
    renderer = await openFigureRenderer();
  }
  try {
    const started = Date.now();
    let drawn = 0;
    const { written, removed } = await writeRenderedCourse(outRoot, rendered, {
      extraFiles,
      drawFigure: async (job) => {
        drawn += 1;
        const line = `figures : ${drawn}/${rendered.figures.length} (${job.file})`;
        if (process.stdout.isTTY) process.stdout.write(`\r${line.padEnd(70)}`);
        else console.log(line);
        return job.kind === 'png' ? job.data : renderer!.toPng(job.figure, options.scale);
      },
    });
    if (drawn > 0 && process.stdout.isTTY) process.stdout.write('\n');
    console.log(
      `Rendu avec sorties dans ${outRoot} : ${rendered.withOutputs.length} page(s) avec sorties, ${rendered.figures.length} figure(s) PNG` +
        `${options.html ? ', pages HTML interactives' : ''} (${written.length} fichier(s) écrit(s), ${removed.length} supprimé(s), ${((Date.now() - started) / 1000).toFixed(1)} s).`,
    );
  } finally {
    await renderer?.close();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`npm run render : ${err.message}`);
    process.exit(1);
  },
);
