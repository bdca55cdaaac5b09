/**
 * CONTRIBUTING.md §7: an error a learner can meet is written in French (French typography, no English left in
 * it); an internal programming error keeps English and starts with `internal error:`. This test reads every
 * `new Error(…)` (and RangeError, TypeError, and the library's own …Error/…Failure classes) in src/, except the
 * AssemblyScript kernels (the maintenance tools live in tools/, outside src/), and checks the literal text of its message.
 * Messages built entirely at run time (`new Error(reason)`) carry no literal text and are not judged here.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const srcDir = path.join(__dirname, '..', 'src');
const EXCLUDED_DIRS = [path.join(srcDir, 'backend', 'simd', 'assembly')];
const ERROR_CLASS = /^(Error|RangeError|TypeError|\w+Error|\w+Failure)$/;
const INTERNAL = 'internal error:';
/** Stands for a value only known at run time (`${…}` or a non-literal operand of `+`). */
const HOLE = '\u0000';

/** Words that only English prose uses (none is a French word, nor a word of the course's code). */
const ENGLISH = new Set([
  'the', 'must', 'got', 'expected', 'cannot', 'should', 'is', 'are', 'was', 'were', 'not', 'and', 'with', 'use',
  'pass', 'please', 'missing', 'found', 'delete', 'check', 'invalid', 'unknown', 'failed', 'run', 'give', 'this',
  'that', 'has', 'have', 'does', 'from', 'into', 'first', 'again', 'needs', 'of', 'to', 'be', 'it',
]);
/** Common French words: a French message contains at least one. */
const FRENCH = new Set([
  'le', 'la', 'les', 'l', 'un', 'une', 'des', 'du', 'de', 'd', 'au', 'aux', 'et', 'ou', 'est', 'sont', 'doit',
  'doivent', 'pas', 'ne', 'n', 'avec', 'pour', 'dans', 'sur', 'par', 'reçu', 'qui', 'que', 'qu', 'son', 'sa',
  'ses', 'ce', 'cette', 'il', 'elle', 'aucun', 'aucune', 'impossible', 'introuvable',
]);

/** One `new Error(…)` of src/: where, and the literal text of its message (HOLE for each run-time part). */
interface ErrorSite {
  file: string;
  line: number;
  text: string;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return EXCLUDED_DIRS.includes(full) ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The literal text of a message expression; HOLE where a part is computed at run time. */
function literalText(node: ts.Expression): string {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => HOLE + s.literal.text).join('');
  if (ts.isParenthesizedExpression(node)) return literalText(node.expression);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    return literalText(node.left) + literalText(node.right);
  }
  return HOLE;
}

/** Every error construction in src/ (outside the excluded folders) with its message's literal text. */
function errorSites(): ErrorSite[] {
  const sites: ErrorSite[] = [];
  for (const file of sourceFiles(srcDir)) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && ERROR_CLASS.test(node.expression.text)) {
        const message = node.arguments?.[0];
        if (message) {
          const { line } = source.getLineAndCharacterOfPosition(node.getStart());
          sites.push({ file: path.relative(srcDir, file), line: line + 1, text: literalText(message) });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return sites;
}

/**
 * The prose of a message: without run-time parts, addresses and code (`…`, '…' and "…" (an apostrophe after a
 * letter is an elision, not a quote), {…} and […], nested or not).
 */
function proseOf(text: string): string {
  let prose = text
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/`[^`]*`|(?<!\p{L})'[^'\n]*'|"[^"\n]*"/gu, ' ')
    .replace(new RegExp(HOLE, 'g'), ' ');
  for (let previous = ''; previous !== prose; ) {
    previous = prose;
    prose = prose.replace(/\{[^{}]*\}|\[[^[\]]*\]/g, ' ');
  }
  return prose;
}

/**
 * What is wrong with a message under CONTRIBUTING.md §7, or undefined when it is fine: internal errors pass
 * as they are; other messages must read as French only, with a space before : ; ? ! and inside « ».
 */
function languageProblem(text: string): string | undefined {
  if (text.startsWith(INTERNAL)) return undefined;
  const prose = proseOf(text);
  const words = prose.toLowerCase().match(/[a-zàâäçéèêëîïôöùûüÿœæ]+/g) ?? [];
  if (words.length < 2) return undefined; // nothing but run-time parts and code: nothing to judge
  const english = [...new Set(words.filter((w) => ENGLISH.has(w)))];
  if (english.length > 0) {
    return `English words (${english.join(', ')}): write it in French, or start it with "${INTERNAL}" if only a developer can trigger it`;
  }
  if (!words.some((w) => FRENCH.has(w))) return `no French word: write it in French, or start it with "${INTERNAL}"`;
  const tight = /[^\s([{«]([:;?!])(?=\s|$)/.exec(prose);
  if (tight) return `no space before « ${tight[1]} » (CONTRIBUTING.md §5)`;
  if (/«\S|\S»/.test(prose)) return 'a space is needed inside « » (CONTRIBUTING.md §5)';
  return undefined;
}

test('the checker accepts French and internal messages, and rejects English, bilingual and badly spaced ones', () => {
  assert.equal(languageProblem('nearestNeighbours : k doit être un entier ≥ 1, reçu \u0000 ; demandez au moins un voisin.'), undefined);
  assert.equal(languageProblem("internal error: data-parallel worker: step before init"), undefined);
  assert.equal(languageProblem("AE_SIMD='\u0000' n'est pas une version SIMD : utilisez 'relaxed' ou 'plain'."), undefined);
  assert.match(languageProblem('k must be an integer ≥ 1, got \u0000; ask for at least one neighbour.') ?? '', /English words \(must, be, got\)/);
  assert.match(languageProblem('k doit être un entier / k must be an integer.') ?? '', /English words \(must, be\)/);
  assert.match(languageProblem('Backend \u0000 indisponible.') ?? '', /no French word/);
  assert.match(languageProblem('Le modèle est introuvable: exécutez la partie 22.') ?? '', /no space before « : »/);
  assert.match(languageProblem('Le modèle «deep-32 » est introuvable.') ?? '', /inside « »/);
  assert.equal(languageProblem('passez par exemple { maxImages: 400 } ou `npm run build`.'), undefined, 'code is not prose');
});

test('every learner-facing error in src/ is in French; developer-only ones start with "internal error:"', () => {
  const sites = errorSites();
  assert.ok(sites.length >= 150, `expected the library's error messages, found only ${sites.length}: is src/ scanned?`);
  assert.ok(sites.filter((s) => s.text.startsWith(INTERNAL)).length >= 10, 'expected the internal errors to be found too');
  const problems = sites
    .map((site) => ({ site, problem: languageProblem(site.text) }))
    .filter((p) => p.problem !== undefined)
    .map(({ site, problem }) => `src/${site.file}:${site.line}: ${problem}\n    ${site.text.replace(new RegExp(HOLE, 'g'), '${…}')}`);
  assert.deepEqual(problems, []);
});
