/**
 * The translators' check (scripts/verifier.ts): the repository's own course, then deliberately damaged copies
 * of a small rendered course, each expected to be reported with a clear French message naming file and cell.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACK_LINK } from '../scripts/course-pages/course-outline';
import { formatProblem } from '../scripts/course-pages/problem';
import { verifyCourse } from '../scripts/course-pages/verify-course';
import {
  copyCourse,
  fixtureBaseName,
  makeRenderedCourse,
  notebookPath,
  readFixtureNotebook,
  writeNotebook,
} from './helpers/course-fixture';

const repoRoot = path.resolve(__dirname, '..');
const verifierScript = path.join(repoRoot, 'scripts', 'verifier.ts');

/** Runs the verifier on a course and returns its messages as text lines. */
function messages(root: string): string[] {
  return verifyCourse(root).map(formatProblem);
}

/** Asserts one message matches every pattern, and shows all messages when none does. */
function assertReported(lines: string[], ...patterns: (string | RegExp)[]): void {
  const found = lines.some((line) => patterns.every((p) => (typeof p === 'string' ? line.includes(p) : p.test(line))));
  assert.ok(found, `no message matches ${patterns.map(String).join(' + ')}; got:\n${lines.join('\n')}`);
}

describe('verifier on the repository', () => {
  test('npm run verifier finds the committed notebooks, pages and TOC complete and in sync', (t) => {
    if (!fs.existsSync(path.join(repoRoot, 'notebooks'))) {
      t.skip('notebooks/ not written yet');
      return;
    }
    const lines = messages(repoRoot);
    assert.deepEqual(lines, [], `the verifier reports problems (run npm run verifier):\n${lines.join('\n')}`);
  });
});

describe('verifier on damaged copies of a course', () => {
  let pristine = '';
  const copies: string[] = [];
  /** A fresh copy of the rendered fixture course, removed after the tests. */
  const damaged = (): string => {
    const copy = copyCourse(pristine);
    copies.push(copy);
    return copy;
  };
  /** Edits part `number`'s notebook in a course copy. */
  const editNotebook = (root: string, number: number, edit: (cells: ReturnType<typeof readFixtureNotebook>['cells']) => void): void => {
    const notebook = readFixtureNotebook(root, number);
    edit(notebook.cells);
    writeNotebook(notebookPath(root, number), notebook);
  };

  before(async () => {
    pristine = await makeRenderedCourse();
  });
  after(() => {
    for (const dir of [pristine, ...copies]) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('verifyCourse(root) reports nothing for a freshly rendered course', () => {
    assert.deepEqual(messages(pristine), []);
  });

  test('a missing section is reported with the notebook, the cell to insert before, and what to add', () => {
    const root = damaged();
    editNotebook(root, 7, (cells) => cells.splice(6, 1)); // drop "## Justification"
    assertReported(
      messages(root),
      `notebooks/${fixtureBaseName(7)}.ipynb, cellule 7 :`,
      'la section « ## Justification » est absente',
      'Ajoutez juste avant cette cellule',
    );
  });

  test('a wrong part number in the title is reported against the file name', () => {
    const root = damaged();
    editNotebook(root, 7, (cells) => {
      cells[0].source = ["# Partie 8 : Préparation des données d'entraînement"];
    });
    assertReported(messages(root), `notebooks/${fixtureBaseName(7)}.ipynb, cellule 1 :`, 'le titre annonce la partie 8', 'numéro 07');
  });

  test('a gap in the numbering is reported with the missing part and its title', () => {
    const root = damaged();
    fs.renameSync(notebookPath(root, 12), path.join(root, 'notebooks', `31-${fixtureBaseName(12).slice(3)}.ipynb`));
    const lines = messages(root);
    assertReported(lines, 'notebooks/ :', 'la partie 12 (« Visualisation de la reconstruction ») n\'a pas de carnet', 'continue');
    assertReported(lines, 'le numéro 31 est hors du cours');
  });

  test('a title that differs from the table of contents names the expected title and where titles live', () => {
    const root = damaged();
    editNotebook(root, 3, (cells) => {
      cells[0].source = ['# Partie 3 : Les bibliothèques'];
    });
    assertReported(
      messages(root),
      `notebooks/${fixtureBaseName(3)}.ipynb, cellule 1 :`,
      'ne correspond pas à la table des matières, qui attend « Importation des bibliothèques »',
      'scripts/course-pages/course-outline.ts',
    );
  });

  test('a title with non-breaking spaces and a typographic apostrophe still matches', () => {
    const root = damaged();
    editNotebook(root, 5, (cells) => {
      cells[0].source = ['# Partie 5\u00a0: Décodage d\u2019images'];
    });
    const lines = messages(root).filter((line) => line.startsWith('notebooks/'));
    assert.deepEqual(lines, []);
  });

  test('a relative link to a missing file is reported with the cell and the path searched', () => {
    const root = damaged();
    editNotebook(root, 4, (cells) => {
      cells[1].source = ['## Description\n', '\n', 'Voir [le schéma](../docs/schema-absent.png).'];
    });
    assertReported(
      messages(root),
      `notebooks/${fixtureBaseName(4)}.ipynb, cellule 2 :`,
      'le lien « ../docs/schema-absent.png » ne mène à aucun fichier (docs/schema-absent.png n\'existe pas)',
    );
  });

  test('a broken link in a committed page or in the TOC is reported with the line', () => {
    const root = damaged();
    fs.appendFileSync(path.join(root, 'Tables-des-matieres.md'), '\n[Annexe](annexes/inconnue.md)\n');
    const lines = messages(root);
    assertReported(lines, /^Tables-des-matieres\.md, ligne \d+ :/, 'le lien « annexes/inconnue.md » ne mène à aucun fichier');
  });

  test('a text edit in a notebook without re-rendering reports the stale page and says to run npm run render', () => {
    const root = damaged();
    editNotebook(root, 9, (cells) => {
      cells[6].source = ['## Justification\n', '\n', 'Une justification reformulée par un traducteur.'];
    });
    assertReported(
      messages(root),
      new RegExp(`^pages/${fixtureBaseName(9)}\\.md, ligne \\d+ : n'est pas à jour`),
      'Une justification reformulée',
      'Exécutez npm run render',
    );
  });

  test('a hand-edited page is reported as stale too', () => {
    const root = damaged();
    const page = path.join(root, 'pages', `${fixtureBaseName(2)}.md`);
    fs.writeFileSync(page, fs.readFileSync(page, 'utf8').replace('## Justification', '## Justification corrigée à la main'));
    assertReported(messages(root), `pages/${fixtureBaseName(2)}.md, ligne`, 'Ne modifiez pas les pages à la main', 'npm run render');
  });

  test('a page left behind by a renamed notebook is reported as orphan', () => {
    const root = damaged();
    fs.writeFileSync(path.join(root, 'pages', '05-ancien-nom.md'), '# Partie 5 : ancien\n');
    assertReported(messages(root), 'pages/05-ancien-nom.md :', 'ne correspond à aucun carnet', 'npm run render');
  });

  test('a stale TOC is reported when the outline text or a title changed without re-rendering', () => {
    const root = damaged();
    const toc = path.join(root, 'Tables-des-matieres.md');
    fs.writeFileSync(toc, fs.readFileSync(toc, 'utf8').replace('Configuration du projet]', 'Configuration]'));
    assertReported(messages(root), /^Tables-des-matieres\.md, ligne \d+ : n'est pas à jour/, 'npm run render');
  });

  test('a committed output or execution count is reported with the cells and how to clear them', () => {
    const root = damaged();
    editNotebook(root, 11, (cells) => {
      cells[3].execution_count = 1;
      cells[5].outputs = [{ output_type: 'stream', name: 'stdout', text: ['Final MSE: 0.0066\n'] }];
    });
    assertReported(
      messages(root),
      `notebooks/${fixtureBaseName(11)}.ipynb, cellule 4 :`,
      'contient des sorties',
      'cellules 6',
      'Clear Outputs of All Cells',
    );
  });

  test('an empty section is reported with what it must contain', () => {
    const root = damaged();
    editNotebook(root, 14, (cells) => {
      cells[1].source = ['## Description'];
    });
    assertReported(messages(root), `notebooks/${fixtureBaseName(14)}.ipynb, cellule 2 :`, 'la section « ## Description » est vide');
  });

  test('an empty code section (no code cell) is reported', () => {
    const root = damaged();
    editNotebook(root, 15, (cells) => {
      cells.splice(3, 3);
    });
    assertReported(messages(root), `notebooks/${fixtureBaseName(15)}.ipynb, cellule 3 :`, 'la section « ## Code » est vide', 'cellule de type Code');
  });

  test('sections out of order are reported with the expected order', () => {
    const root = damaged();
    editNotebook(root, 16, (cells) => {
      const [justification] = cells.splice(6, 1);
      cells.splice(1, 0, justification);
    });
    assertReported(messages(root), `notebooks/${fixtureBaseName(16)}.ipynb`, 'cellule 2 : « ## Justification » arrive avant « ## Code » (cellule 4)', 'Remettez les sections dans l\'ordre');
  });

  test('a mistyped heading is reported with its exact spelling', () => {
    const root = damaged();
    editNotebook(root, 17, (cells) => {
      cells[7].source = ['# Annexe: Code\n', '\n', 'Lecture du code.'];
    });
    assertReported(messages(root), `notebooks/${fixtureBaseName(17)}.ipynb, cellule 8 :`, 'doit s\'écrire exactement « # Annexe : code »');
  });

  test('a missing back link is reported at the end of the notebook', () => {
    const root = damaged();
    editNotebook(root, 18, (cells) => {
      cells.pop();
    });
    assertReported(messages(root), `notebooks/${fixtureBaseName(18)}.ipynb, cellule 8 :`, `le lien de retour « ${BACK_LINK} » est absent`, 'à la fin du carnet');
  });

  test('content after the back link is reported', () => {
    const root = damaged();
    editNotebook(root, 19, (cells) => {
      cells.push({ cell_type: 'markdown', metadata: {}, source: ['Un paragraphe oublié.'] });
    });
    assertReported(messages(root), `notebooks/${fixtureBaseName(19)}.ipynb, cellule 10 :`, 'du contenu suit le lien de retour');
  });

  test('a notebook that is not valid JSON is reported without stopping the other checks', () => {
    const root = damaged();
    fs.writeFileSync(notebookPath(root, 20), '{ "cells": [ ');
    const lines = messages(root);
    assertReported(lines, `notebooks/${fixtureBaseName(20)}.ipynb :`, "ce n'est pas un JSON valide");
  });

  test('npm run verifier exits 0 on a clean course and 1 with French messages on a damaged one', () => {
    const ok = spawnSync(process.execPath, ['--import', 'tsx', verifierScript, '--root', pristine], { encoding: 'utf8', cwd: repoRoot });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /Vérification réussie/);

    const root = damaged();
    editNotebook(root, 7, (cells) => cells.splice(2, 1)); // drop "## Code"
    const bad = spawnSync(process.execPath, ['--import', 'tsx', verifierScript, '--root', root], { encoding: 'utf8', cwd: repoRoot });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /cellule \d+ : la section « ## Code » est absente/);
    assert.match(bad.stderr, /\d+ problème\(s\)\./);
  });

  test('npm run verifier -- --clear-outputs removes outputs, then the course passes', () => {
    const root = damaged();
    editNotebook(root, 11, (cells) => {
      cells[3].execution_count = 3;
      cells[3].outputs = [{ output_type: 'stream', name: 'stdout', text: ['4.22.0\n'] }];
    });
    const run = spawnSync(process.execPath, ['--import', 'tsx', verifierScript, '--root', root, '--clear-outputs'], { encoding: 'utf8', cwd: repoRoot });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /sorties effacées/);
    assert.deepEqual(readFixtureNotebook(root, 11).cells[3].outputs, []);
  });
});
