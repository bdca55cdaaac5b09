import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const root = path.join(__dirname, '..');
const notebooksDir = path.join(root, 'notebooks');
const INTRODUCED = /Introduced\s+in\s+(?:\*\s*)?([0-9]{2}-[a-z0-9-]+)/;

/** Each name imported from '../dist' by a notebook → the first notebook (course order) that imports it. */
function firstNotebookOfEachName(): Map<string, string> {
  const first = new Map<string, string>();
  const notebooks = fs.readdirSync(notebooksDir).filter((n) => /^\d{2}-.*\.ipynb$/.test(n)).sort();
  assert.ok(notebooks.length >= 30, `expected the 30 notebooks in ${notebooksDir}, found ${notebooks.length}`);
  for (const file of notebooks) {
    const notebook = JSON.parse(fs.readFileSync(path.join(notebooksDir, file), 'utf8')) as { cells: { cell_type: string; source: string | string[] }[] };
    const code = notebook.cells.filter((c) => c.cell_type === 'code').map((c) => [c.source].flat().join('')).join('\n');
    for (const match of code.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*['"]\.\.\/dist['"]/g)) {
      for (const item of match[1].split(',')) {
        const name = item.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0];
        if (name !== '' && !first.has(name)) first.set(name, file.replace(/\.ipynb$/, ''));
      }
    }
  }
  return first;
}

/** Each name src/index.ts exports → the doc comment of its declaration. */
function publicDocComments(program: ts.Program, entry: string): Map<string, string> {
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  const docs = new Map<string, string>();
  for (const exported of checker.getExportsOfModule(module)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    docs.set(exported.name, (symbol.declarations ?? []).map((d) => jsDocText(d)).join('\n'));
  }
  return docs;
}

function jsDocText(node: ts.Node): string {
  const holder = ts.isVariableDeclaration(node) ? node.parent.parent : node;
  return ts.getJSDocCommentsAndTags(holder).map((doc) => doc.getText()).join('\n');
}

/** Every « Introduced in NN-… » in a doc comment of an exported declaration of src/ (outside the runner): name → notebook. */
function introducedClaims(program: ts.Program): { name: string; notebook: string; file: string }[] {
  const claims: { name: string; notebook: string; file: string }[] = [];
  for (const source of program.getSourceFiles()) {
    const rel = path.relative(root, source.fileName);
    if (!rel.startsWith('src/')) continue;
    for (const statement of source.statements) {
      const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (!exported) continue;
      const names = ts.isVariableStatement(statement)
        ? statement.declarationList.declarations.map((d) => d.name.getText(source))
        : [(statement as ts.DeclarationStatement).name?.getText(source) ?? ''];
      const match = INTRODUCED.exec(jsDocText(statement));
      if (match) for (const name of names) claims.push({ name, notebook: match[1], file: rel });
    }
  }
  return claims;
}

const entry = path.join(root, 'src', 'index.ts');
const internal = path.join(root, 'src', 'internal.ts');
const program = ts.createProgram([entry, internal], { strict: true, esModuleInterop: true, skipLibCheck: true, noEmit: true });
const firstUse = firstNotebookOfEachName();
const publicDocs = publicDocComments(program, entry);

test('src/index.ts exports exactly the names the notebooks import from ../dist', () => {
  const missing = [...firstUse.keys()].filter((name) => !publicDocs.has(name));
  const unused = [...publicDocs.keys()].filter((name) => !firstUse.has(name));
  assert.deepEqual(missing, [], `imported by a notebook but not exported by src/index.ts: ${missing.join(', ')}`);
  assert.deepEqual(unused, [], `exported by src/index.ts but imported by no notebook (move them to src/internal.ts): ${unused.join(', ')}`);
});

test('each « Introduced in NN-… » names the first notebook that imports the name, and only public names claim one', () => {
  const wrong: string[] = [];
  for (const { name, notebook, file } of introducedClaims(program)) {
    const first = firstUse.get(name);
    if (first === undefined) wrong.push(`${file}: ${name} says « Introduced in ${notebook} » but no notebook imports it`);
    else if (first !== notebook) wrong.push(`${file}: ${name} says « Introduced in ${notebook} » but ${first} imports it first`);
  }
  for (const [name, doc] of publicDocs) {
    const match = INTRODUCED.exec(doc);
    if (match && match[1] !== firstUse.get(name)) wrong.push(`${name}: « Introduced in ${match[1]} » but ${firstUse.get(name)} imports it first`);
  }
  assert.deepEqual(wrong, []);
});

test('every public function and constant says which notebook introduces it', () => {
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  const silent = checker
    .getExportsOfModule(module)
    .filter((s) => !(checker.getAliasedSymbol(s).flags & (ts.SymbolFlags.Type & ~ts.SymbolFlags.Class)))
    .filter((s) => !['tf', 'pl'].includes(s.name)) // re-exported libraries, introduced by their own documentation
    .filter((s) => !INTRODUCED.test(publicDocs.get(s.name) ?? ''))
    .map((s) => s.name);
  assert.deepEqual(silent, [], `add « Introduced in <notebook> » to the doc comment of: ${silent.join(', ')}`);
});
