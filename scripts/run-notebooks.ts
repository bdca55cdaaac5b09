/**
 * Headless notebook runner for the course: executes notebooks/NN-*.ipynb through the real tslab kernel,
 * over the Jupyter messaging protocol (ZeroMQ, HMAC-SHA256 signed messages; client in tools/runner/).
 *
 *   npm run notebooks [-- options]   every notebook (or a selection), executed copies in <work>/executed/
 *   npm run course [-- options]      the whole course in full mode: build, data, every part, resumable
 *
 * Each notebook runs in a fresh kernel whose working directory is the notebook's folder. Code cells are sent
 * one at a time (the next request leaves only after the previous execute_reply), and any reply other than
 * "ok" is a failure: tslab answers "abort" to requests that reach it within 200 ms after a failing cell, so a
 * runner that queued cells would see them "skipped"; this one stops at the first failing cell, prints the
 * notebook, the cell number, its source and the error, and exits with status 1.
 *
 * Through Jupyter's own client instead (Debian's python3-nbclient): `npm run setup:jupyter` registers the
 * "tslab" kernel, and `npm run test:notebooks -- [--only N]` (scripts/test-notebooks.ts) runs notebooks in quick
 * mode with it. nbclient records no execution counts and an empty error name with tslab (tslab prints errors
 * on stderr); this runner rebuilds both, echoes the kernels' output live, and needs nothing but npm.
 */
import { existsSync } from 'fs';
import * as path from 'path';
import { repoRoot, workDir as defaultWorkDir } from '../src/paths';
import { effectiveQuick, endScript, formatCellFailure, formatElapsed, formatProgressLine, libraryVersion, listCourseNotebooks, NotebookCellError, NOTEBOOKS_DIR, openResultsRecorder, partKey, readResultsStore, ResultsRecorder, runnerPaths, runNotebooks, RunSummary, scanCourse, selectNotebooks, staleSelection } from '../tools';

const HELP = `Usage:
  npm run notebooks -- [options]     run the notebooks (all by default) through the tslab kernel
  npm run course -- [options]        the whole course in full mode: checks the LFW data, runs every part,
                                     resumes where it stopped (completed parts are skipped)
  (directly: node --import tsx scripts/run-notebooks.ts [course] [options])

Options:
  --from <N|name>       start at part N (or at the notebook whose file name starts with name)
  --only <N|name>[,...] run only these parts (repeatable: --only 12 --only 13, or --only 12,13)
  --quick               quick mode: AE_QUICK=1 for the kernels (a few hundred images, 1-2 epochs)
  --full                full mode: AE_QUICK removed for the kernels (default for "course")
  --timeout <seconds>   per-cell limit (default: 3600 in quick mode, none in full mode, where a training
                        cell can run for an hour or more on a slow machine; 0 = no limit)
  --force               (course) rerun parts already completed
  --stale               (course) rerun only the parts whose stored results (pages/resultats/) are missing or
                        stale (code cells or library version changed), plus the parts that load the models
                        those parts save; then update the store
  --store <dir>         record each part's outputs into the results store of the course at <dir> (default for
                        "course" in full mode: this repository; a quick-mode store is marked as such and must
                        never be committed as the reference)
  --resume              skip parts completed with the same notebook source and mode (default for "course")
  --work <dir>          work folder (default AE_WORK_DIR, else <repo>/work)
  --notebooks <dir>     notebooks folder (default <repo>/notebooks)
  --quiet               do not echo the kernels' output
  -h, --help            this help

Writes: <work>/executed/<notebook>.ipynb (atomically; the committed notebooks are never touched),
<work>/executed/failed/<notebook>.ipynb for a failing notebook (outputs up to the failing cell),
<work>/course-state.json (completed parts: source sha256, mode, seconds); with "course" in full mode (or
--store), each part's entry in pages/resultats/ and its figures in pages/figures/, written atomically.
Exit status: 0 all passed, 1 a cell failed, 2 bad usage or setup error, 130 interrupted.

Through Jupyter's own client (nbclient) instead: \`npm run setup:jupyter\` once, then
  npm run test:notebooks -- [--only N[,M...]] [--from N]     (quick mode, copies in <work>/quick/nbclient/)`;

/** Parsed command line. */
interface CliOptions {
  course: boolean;
  from?: string;
  only: string[];
  quick?: boolean;
  timeoutSeconds?: number;
  force: boolean;
  stale: boolean;
  store?: string;
  resume?: boolean;
  work?: string;
  notebooks?: string;
  quiet: boolean;
  help: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = { course: false, only: [], force: false, stale: false, quiet: false, help: false };
  const args = [...argv];
  if (args[0] === 'course') {
    options.course = true;
    args.shift();
  }
  const value = (flag: string): string => {
    const next = args.shift();
    if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value (see --help).`);
    return next;
  };
  while (args.length > 0) {
    const raw = args.shift()!;
    const [flag, inline] = raw.startsWith('--') && raw.includes('=') ? [raw.slice(0, raw.indexOf('=')), raw.slice(raw.indexOf('=') + 1)] : [raw, undefined];
    const take = (): string => inline ?? value(flag);
    switch (flag) {
      case '--from':
        options.from = take();
        break;
      case '--only':
        options.only.push(...take().split(',').filter((s) => s.trim() !== ''));
        break;
      case '--quick':
        options.quick = true;
        break;
      case '--full':
        options.quick = false;
        break;
      case '--timeout': {
        const seconds = Number(take());
        if (!Number.isFinite(seconds) || seconds < 0) throw new UsageError('--timeout takes a number of seconds >= 0 (0 = no limit).');
        options.timeoutSeconds = seconds;
        break;
      }
      case '--force':
        options.force = true;
        break;
      case '--stale':
        options.stale = true;
        break;
      case '--store':
        options.store = take();
        break;
      case '--resume':
        options.resume = true;
        break;
      case '--no-resume':
        options.resume = false;
        break;
      case '--work':
        options.work = take();
        break;
      case '--notebooks':
        options.notebooks = take();
        break;
      case '--quiet':
        options.quiet = true;
        break;
      case '-h':
      case '--help':
        options.help = true;
        break;
      default:
        throw new UsageError(`Unknown argument "${raw}" (see --help).`);
    }
  }
  return options;
}

/** Terminal writer that remembers whether the last character written ended a line. */
function createConsole(quiet: boolean) {
  let atLineStart = true;
  const write = (stream: NodeJS.WriteStream, text: string): void => {
    if (text === '') return;
    stream.write(text);
    atLineStart = text.endsWith('\n');
  };
  return {
    line(text: string): void {
      write(process.stdout, `${atLineStart ? '' : '\n'}${text}\n`);
    },
    error(text: string): void {
      write(process.stderr, `${atLineStart ? '' : '\n'}${text}\n`);
    },
    kernel(name: 'stdout' | 'stderr', text: string): void {
      if (!quiet) write(name === 'stderr' ? process.stderr : process.stdout, text);
    },
  };
}

/** A path relative to the current folder when it lies below it, else absolute. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** `npm run course` data step: the data helper's ensureLfwFiles, from the built library (dist/). */
async function ensureData(root: string, out: ReturnType<typeof createConsole>): Promise<void> {
  const entry = path.join(root, 'dist', 'index.js');
  if (!existsSync(entry)) {
    throw new Error(`${entry} is missing: build the library first (npm run build, or npm install).`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const library = require(entry) as { ensureLfwFiles?: (options?: object) => Promise<unknown> };
  if (typeof library.ensureLfwFiles !== 'function') {
    throw new Error('dist/index.js does not export ensureLfwFiles (src/data/): dist/ is out of date, rebuild it with `npm run build`.');
  }
  out.line('Données LFW : vérification (téléchargement si nécessaire)…');
  const files = await library.ensureLfwFiles({});
  if (files && typeof files === 'object') {
    for (const [key, value] of Object.entries(files as Record<string, unknown>)) {
      if (typeof value === 'string') out.line(`  ${key}: ${value}`);
    }
  }
}

/** True when the store at `root` lacks an up-to-date entry of this mode for the notebook (a skipped part still to record). */
function needsRecording(root: string, notebookFile: string, mode: 'full' | 'quick'): boolean {
  const baseName = path.basename(notebookFile, '.ipynb');
  const scan = scanCourse(root).notebooks.find((part) => part.baseName === baseName);
  const entry = readResultsStore(root).parts.get(baseName);
  return !scan || !entry || entry.mode !== mode || entry.key !== partKey(scan.notebook, libraryVersion(root));
}

function printSummary(out: ReturnType<typeof createConsole>, summary: RunSummary, totalSeconds: number): void {
  const rows = [
    ...summary.skipped.map((row) => ({ ...row, note: ' (déjà fait, sauté)' })),
    ...summary.ran.map((row) => ({ ...row, note: '' })),
  ].sort((a, b) => a.name.localeCompare(b.name));
  if (rows.length === 0) return;
  out.line('Temps par carnet :');
  for (const row of rows) out.line(`  ${formatElapsed(row.seconds).padStart(8)}  ${row.name}${row.note}`);
  out.line(`Total de cette exécution : ${formatElapsed(totalSeconds)}`);
}

type Out = ReturnType<typeof createConsole>;
type Entry = ReturnType<typeof listCourseNotebooks>[number];

/** What one invocation runs: the parts, the mode, whether to resume, and where results are recorded. */
interface RunPlan {
  all: Entry[];
  entries: Entry[];
  quick: boolean | undefined;
  mode: 'full' | 'quick';
  resume: boolean | undefined;
  storeRoot: string | undefined;
}

/** Turns the options into a plan, or into an exit status after printing why (bad selection, up-to-date store). */
function planRun(options: CliOptions, root: string, out: Out): RunPlan | number {
  const notebooksDir = path.resolve(options.notebooks ?? path.join(root, 'notebooks'));
  const all = listCourseNotebooks(notebooksDir);
  if (all.length === 0) {
    out.error(`Aucun carnet (.ipynb) dans ${notebooksDir}.`);
    return 2;
  }
  let entries;
  try {
    entries = selectNotebooks(all, { from: options.from, only: options.only });
  } catch (error) {
    out.error((error as Error).message);
    return 2;
  }
  const quick = options.quick ?? (options.course ? false : undefined);
  let resume = options.force ? false : (options.resume ?? options.course);
  const mode = effectiveQuick(quick) ? 'quick' : 'full';
  if (options.stale) {
    if (!options.course) {
      out.error('--stale ne sert qu\'avec « course » : npm run course -- --stale.');
      return 2;
    }
    const { stale, rerun } = staleSelection(options.store ? path.resolve(options.store) : root);
    if (rerun.length === 0) {
      out.line('Résultats à jour : aucune partie à réexécuter.');
      return 0;
    }
    out.line(`Parties aux résultats absents ou périmés : ${stale.join(', ')} ; à réexécuter avec celles qui chargent leurs modèles : ${rerun.join(', ')}.`);
    entries = entries.filter((entry) => rerun.includes(entry.part));
    resume = false;
  }
  const storeRoot = options.store ? path.resolve(options.store) : options.course && mode === 'full' ? root : undefined;
  if (storeRoot && !existsSync(path.join(storeRoot, NOTEBOOKS_DIR))) {
    out.error(`--store ${storeRoot} : ce dossier n'a pas de ${NOTEBOOKS_DIR}/ (il faut la racine d'un cours).`);
    return 2;
  }
  if (storeRoot && mode === 'quick' && path.resolve(storeRoot) === path.resolve(root)) {
    out.error(
      `--store ${storeRoot} : les résultats du mode rapide n'ont pas leur place dans le dépôt (ils ne sont pas une exécution de référence). ` +
        'Enregistrez-les dans une copie du dépôt (voir CONTRIBUTING.md, section 4), ou lancez npm run course en mode complet.',
    );
    return 2;
  }
  return { all, entries, quick, mode, resume, storeRoot };
}

/** The runner's events as console lines: parts started, skipped and done, one progress line per cell, kernel output. */
function progressEvents(out: Out, started: number): Parameters<typeof runNotebooks>[0]['events'] {
  let notebookStarted = started;
  return {
    onNotebookSkipped: (entry, record, total) =>
      out.line(`Partie ${entry.part}/${total} — ${entry.name} : déjà exécutée (${record.mode}, ${formatElapsed(record.seconds)}), sautée (--force pour la relancer)`),
    onNotebookStart: (entry, total) => {
      notebookStarted = Date.now();
      out.line(`=== Partie ${entry.part}/${total} : ${entry.name} ===`);
    },
    onCellStart: (entry, total, progress) =>
      out.line(
        formatProgressLine(entry.part, total, progress.cellNumber, progress.codeCells, (Date.now() - notebookStarted) / 1000, (Date.now() - started) / 1000),
      ),
    onStream: (name, text) => out.kernel(name, text),
    onKernelLog: (text) => out.kernel('stderr', text),
    onNotebookDone: (entry, result, outputFile) => out.line(`✓ ${entry.name} en ${formatElapsed(result.seconds)} → ${displayPath(outputFile)}`),
  };
}

/** Records one executed part into the store (atomically) and says where. */
async function recordPart(recorder: ResultsRecorder, storeRoot: string, work: string, entry: Entry, seconds: number, out: Out): Promise<void> {
  const stored = await recorder.record(entry.baseName, path.join(runnerPaths(work).executedDir, entry.name), seconds);
  const figures = stored.cells.flat().filter((output) => 'figure' in output).length;
  out.line(`  résultats enregistrés : ${displayPath(path.join(storeRoot, 'pages', 'resultats', entry.name.replace(/\.ipynb$/, '.json')))} (${figures} figure(s))`);
}

async function main(argv: string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${HELP}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const out = createConsole(options.quiet);
  const root = repoRoot();
  const work = path.resolve(options.work ?? defaultWorkDir());
  const plan = planRun(options, root, out);
  if (typeof plan === 'number') return plan;
  const { all, entries, quick, mode, resume, storeRoot } = plan;
  let recorder: ResultsRecorder | undefined;
  const started = Date.now();
  process.once('SIGINT', () => {
    out.error('Interrompu (Ctrl-C) : les carnets terminés sont enregistrés ; relancez pour reprendre.');
    process.exit(130);
  });
  try {
    if (options.course) await ensureData(root, out);
    const modeLabel = quick === true ? 'rapide (AE_QUICK=1)' : quick === false ? 'complet' : process.env.AE_QUICK ? `AE_QUICK=${process.env.AE_QUICK}` : 'complet';
    out.line(`${entries.length} carnet(s) à exécuter sur ${all.length}, mode ${modeLabel}, copies dans ${runnerPaths(work).executedDir}`);
    if (storeRoot) {
      recorder = openResultsRecorder({ root: storeRoot, mode, work, data: process.env.AE_DATA_DIR ? path.resolve(process.env.AE_DATA_DIR) : undefined });
      out.line(`Sorties enregistrées pour chaque partie dans ${displayPath(path.join(storeRoot, 'pages', 'resultats'))}${mode === 'quick' ? ' (mode rapide : à ne pas committer comme référence)' : ''}`);
    }
    const summary: RunSummary = { ran: [], skipped: [] };
    const events = progressEvents(out, started);
    const cellTimeoutMs = (options.timeoutSeconds ?? (effectiveQuick(quick) ? 3600 : 0)) * 1000;
    // One notebook at a time, so that each part is recorded (atomically) as soon as it has run.
    for (const entry of entries) {
      const part = await runNotebooks({ entries: [entry], total: all.length, workDir: work, quick, resume, cellTimeoutMs, projectRoot: root, events });
      summary.ran.push(...part.ran);
      summary.skipped.push(...part.skipped);
      const seconds = [...part.ran, ...part.skipped].find((row) => row.name === entry.name)?.seconds ?? 0;
      // A part that ran is always recorded (its models may have changed); a skipped one only when the store lacks it.
      if (recorder && storeRoot && (part.ran.length > 0 || needsRecording(storeRoot, entry.file, mode))) {
        await recordPart(recorder, storeRoot, work, entry, seconds, out);
      }
    }
    printSummary(out, summary, (Date.now() - started) / 1000);
    out.line(options.course ? 'Cours terminé : toutes les parties ont été exécutées.' : 'Tous les carnets demandés ont été exécutés sans erreur.');
    return 0;
  } catch (error) {
    if (error instanceof NotebookCellError) {
      out.error(formatCellFailure(error, path.join(runnerPaths(work).failedDir, path.basename(error.notebookPath))));
      if (options.course) out.error('Corrigez puis relancez `npm run course` : les parties terminées seront sautées.');
      return 1;
    }
    out.error(`Erreur : ${(error as Error).message}`);
    return 2;
  } finally {
    await recorder?.close();
  }
}

endScript(
  () => main(process.argv.slice(2)),
  (error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    return 2;
  },
);
