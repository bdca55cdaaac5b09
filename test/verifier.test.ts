/**
 * The translators' check (scripts/verifier.ts): the repository's own course, then deliberately damaged copies
 * of a small rendered course, each expected to be reported with a clear French message naming file and cell.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACK_LINK, formatProblem, PART_TITLES, renderCourse, scanCourse, verifyCourse, writeNotebook, writeRenderedCourse } from '../tools';
import { copyCourse, fixtureBaseName, makeRenderedCourse, notebookPath, readFixtureNotebook, slugify } from './helpers/course-fixture';
import { runScript } from './helpers/run-script';

const repoRoot = path.resolve(__dirname, '..');
const JSON_ADVICE =
  'Corrigez-le dans un éditeur de texte, ou annulez la modification faite à la main (git diff montre ce qui a changé ; ' +
  'git checkout -- <fichier> rétablit la dernière version committée).';

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
  test('npm run verifier finds the committed notebooks, pages and TOC complete and in sync', () => {
    assert.ok(fs.existsSync(path.join(repoRoot, 'notebooks')), 'notebooks/ is missing: the course has no lessons to verify');
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

  /** Renders a damaged copy again, as a translator would after editing a notebook. */
  const rerender = async (root: string): Promise<void> => {
    await writeRenderedCourse(root, renderCourse(scanCourse(root)));
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
      'tools/course-pages/course-outline.ts',
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

  test('a truncated notebook is reported at its last line, in French, without other problems', () => {
    const root = damaged();
    fs.writeFileSync(notebookPath(root, 20), '{ "cells": [ ');
    assert.deepEqual(messages(root), [
      `notebooks/${fixtureBaseName(20)}.ipynb, ligne 1 : le fichier n'est plus un JSON valide (erreur de syntaxe en colonne 14, ` +
        "dans « { \"cells\": [ »). Cause probable : le fichier s'arrête avant la fin du JSON (crochet ou accolade fermante manquante, fichier tronqué). " +
        JSON_ADVICE,
    ]);
  });

  test('an unescaped " in a notebook is reported by line and column in French, with no orphan page and no JupyterLab advice', () => {
    const root = damaged();
    const file = notebookPath(root, 20);
    const text = fs.readFileSync(file, 'utf8').replace('Chaque étape prépare', 'Chaque "étape" prépare');
    fs.writeFileSync(file, text);
    const offset = text.indexOf('Chaque "étape"') + 'Chaque "'.length;
    const line = text.slice(0, offset).split('\n').length;
    const column = offset - text.lastIndexOf('\n', offset - 1);
    assert.deepEqual(messages(root), [
      `notebooks/${fixtureBaseName(20)}.ipynb, ligne ${line} : le fichier n'est plus un JSON valide (erreur de syntaxe en colonne ${column}, ` +
        'dans « "Chaque "étape" prépare la suivante." »). Cause probable : une virgule manque, ou un guillemet droit " non échappé a fermé la chaîne ' +
        "trop tôt (dans le texte, il s'écrit \\\"). " +
        JSON_ADVICE,
    ]);
  });

  test('a deleted « ## Justification » heading is placed where its text starts, and following the advice makes the course pass', async () => {
    const root = damaged();
    editNotebook(root, 12, (cells) => {
      cells[6].source = ['Chaque étape prépare la suivante.'];
    });
    await rerender(root);
    assert.deepEqual(messages(root), [
      `notebooks/${fixtureBaseName(12)}.ipynb, cellule 7 : la section « ## Justification » est absente. D'après le texte qui l'entoure, ` +
        'cette section commence ici, après la dernière cellule de code, par « Chaque étape prépare la suivante. ». ' +
        'Ajoutez la ligne « ## Justification » en tête de cette cellule (ou une cellule Markdown « ## Justification » juste avant elle).',
    ]);
    editNotebook(root, 12, (cells) => {
      cells[6].source = ['## Justification\n', '\n', 'Chaque étape prépare la suivante.'];
    });
    await rerender(root);
    assert.deepEqual(messages(root), []);
  });

  test('a deleted « ## Description » heading under the title is placed inside the title cell, above its text', () => {
    const root = damaged();
    editNotebook(root, 13, (cells) => {
      cells.splice(0, 2, { cell_type: 'markdown', metadata: {}, source: [`# Partie 13 : ${PART_TITLES[12]}\n`, '\n', "Cette partie présente l'étape 13 du cours."] });
    });
    assertReported(
      messages(root),
      `notebooks/${fixtureBaseName(13)}.ipynb, cellule 1 : la section « ## Description » est absente. D'après le texte qui l'entoure, ` +
        "cette section commence ici, par « Cette partie présente l'étape 13 du cours. ». " +
        'Ajoutez dans cette cellule, juste au-dessus de ce texte, la ligne « ## Description » suivie d\'une ligne vide.',
    );
  });

  test('a missing section with no text left names the cell to insert before and what must follow the heading', () => {
    const root = damaged();
    editNotebook(root, 7, (cells) => cells.splice(6, 1));
    assertReported(
      messages(root),
      `notebooks/${fixtureBaseName(7)}.ipynb, cellule 7 : la section « ## Justification » est absente. Ajoutez juste avant cette cellule ` +
        '(« # Annexe : code ») une cellule Markdown « ## Justification », suivie du texte qui justifie chaque étape.',
    );
  });

  test('an edit far into a long line quotes both versions centred on the first difference', async () => {
    const root = damaged();
    const long = `${'Une phrase de contexte, assez longue pour dépasser la largeur des extraits. '.repeat(3)}Le bruit change pour chaque image du lot, puis on mesure. ${'Une autre phrase, pour que la différence tombe au milieu de la ligne. '.repeat(3)}`.trim();
    editNotebook(root, 16, (cells) => {
      cells[1].source = ['## Description\n', '\n', long];
    });
    await rerender(root);
    editNotebook(root, 16, (cells) => {
      cells[1].source = ['## Description\n', '\n', long.replace('chaque image', 'chaque imagette')];
    });
    const page = `pages/${fixtureBaseName(16)}.md`;
    const line = fs.readFileSync(path.join(root, page), 'utf8').split('\n').indexOf(long) + 1;
    assert.deepEqual(messages(root), [
      `${page}, ligne ${line} : n'est pas à jour par rapport au contenu de notebooks/${fixtureBaseName(16)}.ipynb : ` +
        'le fichier contient « …bruit change pour chaque image du lot, puis on mesure. Une a… » ' +
        'là où le rendu donne « …bruit change pour chaque imagette du lot, puis on mesure. Un… ». ' +
        'Ne modifiez pas les pages à la main : modifiez le carnet. Exécutez npm run render, puis committez pages/ et Tables-des-matieres.md avec le carnet.',
    ]);
  });

  test('anchors: a #anchor with no heading in the notebook, another notebook or a page is reported at the notebook', async () => {
    const root = damaged();
    editNotebook(root, 21, (cells) => {
      cells[1].source = [
        '## Description\n',
        '\n',
        'Valides : [plus bas](#justification), [partie 12](12-visualisation-de-la-reconstruction.ipynb#annexe--code), ',
        '[sa page](../pages/12-visualisation-de-la-reconstruction.md#Annexe-:-code).\n',
        'Cassés : [ici](#nimporte-quoi) et [là](12-visualisation-de-la-reconstruction.ipynb#conclusion).',
      ];
    });
    await rerender(root);
    const where = `notebooks/${fixtureBaseName(21)}.ipynb, cellule 2 :`;
    assert.deepEqual(messages(root), [
      `${where} le lien « #nimporte-quoi » vise l'ancre « #nimporte-quoi », qui ne correspond à aucun titre de ce fichier ` +
        `(ancres possibles : #partie-21--${slugify(PART_TITLES[20])}, #description, #code, #justification, #annexe--code). ` +
        "Une ancre reprend un titre en minuscules, sans ponctuation, les espaces remplacées par des tirets : corrigez l'ancre ou retirez-la.",
      `${where} le lien « 12-visualisation-de-la-reconstruction.ipynb#conclusion » vise l'ancre « #conclusion », qui ne correspond à aucun ` +
        'titre de notebooks/12-visualisation-de-la-reconstruction.ipynb (ancres possibles : #partie-12--visualisation-de-la-reconstruction, ' +
        '#description, #code, #justification, #annexe--code). ' +
        "Une ancre reprend un titre en minuscules, sans ponctuation, les espaces remplacées par des tirets : corrigez l'ancre ou retirez-la.",
    ]);
  });

  test('a broken link to ../pages/ is reported once, at the notebook, not again for its generated page', async () => {
    const root = damaged();
    editNotebook(root, 22, (cells) => {
      cells[1].source = ['## Description\n', '\n', 'Voir [la page absente](../pages/99-absente.md).'];
    });
    await rerender(root);
    assert.deepEqual(messages(root), [
      `notebooks/${fixtureBaseName(22)}.ipynb, cellule 2 : le lien « ../pages/99-absente.md » ne mène à aucun fichier ` +
        "(pages/99-absente.md n'existe pas). Corrigez le chemin (il est relatif au dossier du fichier) ou retirez le lien.",
    ]);
  });

  test('typography: a missing space before « : », inside « », and straight quotes are reported with cell and excerpt', async () => {
    const root = damaged();
    editNotebook(root, 23, (cells) => {
      cells[6].source = ['## Justification\n', '\n', 'Les deux ensembles: le test et le reste.\n', 'Le modèle «PCA» et le "débruiteur".'];
    });
    await rerender(root);
    const where = `notebooks/${fixtureBaseName(23)}.ipynb, cellule 7 : typographie :`;
    assert.deepEqual(messages(root), [
      `${where} il manque une espace avant « : » dans « Les deux ensembles: le test et le reste. ». ` +
        'Écrivez « ensembles : » (espace insécable de préférence ; voir CONTRIBUTING.md, section 5).',
      `${where} il manque une espace après « « » dans « Le modèle «PCA» et le "débruiteur". ». ` +
        'Mettez une espace (insécable de préférence) entre le guillemet ouvrant et le texte.',
      `${where} il manque une espace avant « » » dans « Le modèle «PCA» et le "débruiteur". ». ` +
        'Mettez une espace (insécable de préférence) entre le texte et le guillemet fermant.',
      `${where} guillemets droits autour de « débruiteur » dans « Le modèle «PCA» et le "débruiteur". ». ` +
        "Remplacez-les par des guillemets français, avec une espace à l'intérieur : « débruiteur ».",
    ]);
  });

  test('a code line over 100 characters is reported with its cell, line number and length; 100 passes', async () => {
    const root = damaged();
    const long = `const x = [${'1, '.repeat(40)}1];`;
    editNotebook(root, 12, (cells) => {
      const code = cells.findIndex((cell) => cell.cell_type === 'code');
      cells[code].source = [`// ${'a'.repeat(97)}\n`, long];
    });
    await rerender(root);
    const lines = messages(root);
    assert.equal(lines.length, 1, lines.join('\n'));
    assertReported(lines, `notebooks/${fixtureBaseName(12)}.ipynb, cellule `, `la ligne 2 du code fait ${long.length} caractères (au plus 100)`);
    assertReported(lines, 'Coupez-la');
  });

  test('typography: code, URLs, times, link syntax and every accepted space pass without a message', async () => {
    const root = damaged();
    editNotebook(root, 24, (cells) => {
      cells[6].source = [
        '## Justification\n',
        '\n',
        'À 10:30, `console.log("Final MSE: 0.0066")` et `a::b` ; voir <https://example.org/a?b=1> ou https://example.org/x?y=2!\n',
        'Espaces : normale ; insécable\u00a0: fine\u202f; fine\u202f! question ? « guillemets » et «\u00a0insécables\u00a0».\n',
        '![une figure](figures/absente.png) [un lien](https://example.org/?q=1 "titre") ?!\n',
        '\n',
        '| colonne | valeur |\n',
        '| :--- | ---: |\n',
        '| a | b |\n',
        '\n',
        '```json\n',
        '{"clé": "valeur"}\n',
        '```',
      ];
    });
    await rerender(root);
    assert.deepEqual(messages(root), [
      `notebooks/${fixtureBaseName(24)}.ipynb, cellule 7 : le lien « figures/absente.png » ne mène à aucun fichier ` +
        "(notebooks/figures/absente.png n'existe pas). Corrigez le chemin (il est relatif au dossier du fichier) ou retirez le lien.",
    ]);
  });

  test('glossary: a variant listed « à éviter » in Glossaire.md is reported in prose and figure titles, not in code', async () => {
    const root = damaged();
    fs.writeFileSync(
      path.join(root, 'Glossaire.md'),
      [
        '# Glossaire',
        '',
        '| terme français | identifiant anglais | définition | à éviter |',
        '| --- | --- | --- | --- |',
        '| autoencodeur PCA | `buildPcaAutoencoder` | Autoencodeur linéaire. | « ACP » |',
        '| erreur quadratique moyenne (EQM) | `mse` | Moyenne des carrés des écarts. | « MSE », « erreur moyenne quadratique » |',
        '| troncature | `clip` | Ramener les valeurs dans [0, 1]. | « écrêtage » |',
        '| époque | `epochs` | Un passage complet. | |',
        '',
      ].join('\n'),
    );
    editNotebook(root, 25, (cells) => {
      cells[4].source = ["Puis on calcule l'EQM de l'ACP (`ACP` et `MSE` dans le code restent) ; l'Écrêtage aussi.\n", 'Une erreur\u00a0 moyenne quadratique.\n', "Cité en italique, l'anglais *MSE* ou _ACP_ passe ; en gras, **MSE** non."];
      cells[5].source = ["display(lossCurvesFigure(history, { title: 'Autoencodeur ACP : EQM par époque' }));\n", "console.log('ACP');"];
    });
    await rerender(root);
    const where = `notebooks/${fixtureBaseName(25)}.ipynb`;
    assert.deepEqual(messages(root), [
      `${where}, cellule 5 : glossaire : « ACP » est une variante à éviter (Glossaire.md) ; écrivez « autoencodeur PCA » : ` +
        "« …is on calcule l'EQM de l'ACP (`ACP` et `MSE` dans … ».",
      `${where}, cellule 5 : glossaire : « Écrêtage » est une variante à éviter (Glossaire.md) ; écrivez « troncature » : ` +
        "« …et `MSE` dans le code restent) ; l'Écrêtage aussi. ».",
      `${where}, cellule 5 : glossaire : « erreur moyenne quadratique » est une variante à éviter (Glossaire.md) ; ` +
        'écrivez « erreur quadratique moyenne (EQM) » : « Une erreur moyenne quadratique. ».',
      `${where}, cellule 5 : glossaire : « MSE » est une variante à éviter (Glossaire.md) ; écrivez « erreur quadratique moyenne (EQM) » : ` +
        '« …glais *MSE* ou _ACP_ passe ; en gras, **MSE** non. ».',
      `${where}, cellule 6 : glossaire : « ACP » est une variante à éviter (Glossaire.md) ; écrivez « autoencodeur PCA » dans ce titre de figure : ` +
        '« Autoencodeur ACP : EQM par époque ».',
    ]);
  });

  test('glossary: an « à éviter » cell not written as « a », « b » is reported at its Glossaire.md line', () => {
    const root = damaged();
    fs.writeFileSync(
      path.join(root, 'Glossaire.md'),
      ['| terme français | identifiant anglais | définition | à éviter |', '| --- | --- | --- | --- |', '| époque | `epochs` | Un passage. | epoch, "époch" |', ''].join('\n'),
    );
    assert.deepEqual(messages(root), [
      'Glossaire.md, ligne 3 : la colonne « à éviter » contient « epoch, "époch" » : écrivez chaque variante entre « », séparées par des ' +
        'virgules (« ACP », « écrêtage »), ou laissez la case vide.',
    ]);
  });

  test('npm run verifier exits 0 on a clean course, 1 with French messages on a damaged one, 2 on an unknown option', () => {
    const ok = runScript('verifier.ts', ['--root', pristine]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /Vérification réussie/);

    const root = damaged();
    editNotebook(root, 7, (cells) => cells.splice(2, 1)); // drop "## Code"
    const bad = runScript('verifier.ts', ['--root', root]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /cellule \d+ : la section « ## Code » est absente/);
    assert.match(bad.stderr, /\d+ problème\(s\)\./);

    const unknown = runScript('verifier.ts', ['--root', root, '--tout']);
    assert.equal(unknown.status, 2);
    assert.equal(unknown.stderr, 'npm run verifier : option inconnue --tout (options : --root <dossier>, --clear-outputs).\n');
  });

  test('npm run verifier -- --clear-outputs removes outputs, then the course passes', () => {
    const root = damaged();
    editNotebook(root, 11, (cells) => {
      cells[3].execution_count = 3;
      cells[3].outputs = [{ output_type: 'stream', name: 'stdout', text: ['4.22.0\n'] }];
    });
    const run = runScript('verifier.ts', ['--root', root, '--clear-outputs']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /sorties effacées/);
    assert.deepEqual(readFixtureNotebook(root, 11).cells[3].outputs, []);
  });
});
