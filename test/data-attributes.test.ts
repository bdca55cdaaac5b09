import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { readAttributes, parseAttributeText, requireAttributeColumns } from '../src/internal';
import { attributeText, makeTempDir } from './helpers/lfw-fixture';

const temps: string[] = [];
after(() => temps.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** The first lines of the official lfw_attributes.txt (real-valued scores, official column order), shortened to 5 attributes. */
const OFFICIAL = [
  '# Attribute values computed by the attribute classifiers of Kumar et al.',
  '#\tperson\timagenum\tMale\tAsian\tWhite\tBlack\tBaby',
  'Aaron Eckhart\t1\t1.56835\t-1.88904\t1.7372\t-0.929729\t-1.4718',
  'Aaron Guiel\t1\t0.169851\t-0.982408\t0.422709\t-1.28218\t-1.36006',
  'Aaron Patterson\t1\t0.997749\t-1.36419\t-0.157377\t-0.756447\t-1.89182',
].join('\n');

test('readAttributes(text) parses the official layout into person, imagenum and named f64 columns', () => {
  const df = readAttributes(`${OFFICIAL}\n`);
  assert.deepEqual(df.shape, { height: 3, width: 7 });
  assert.deepEqual(df.columns, ['person', 'imagenum', 'Male', 'Asian', 'White', 'Black', 'Baby']);
  assert.deepEqual(df.getColumn('person').toArray(), ['Aaron Eckhart', 'Aaron Guiel', 'Aaron Patterson']);
  assert.deepEqual(df.getColumn('imagenum').toArray(), [1, 1, 1]);
  assert.equal(String(df.getColumn('imagenum').dtype), 'DataType(Int32)');
  assert.equal(String(df.getColumn('Male').dtype), 'DataType(Float64)');
  assert.deepEqual(df.getColumn('White').toArray(), [1.7372, 0.422709, -0.157377]);
});

test('readAttributes() finds columns by name in any order, with CRLF lines and trailing tabs', () => {
  const text = [
    '# binarized copy, alphabetical columns',
    '#\tperson\timagenum\tAsian\tMale',
    'Zoe Ball\t3\t-1\t1\t',
    'Abel Pacheco\t12\t1\t-1\t',
    '',
  ].join('\r\n');
  const df = readAttributes(Buffer.from(text));
  assert.deepEqual(df.columns, ['person', 'imagenum', 'Asian', 'Male']);
  assert.deepEqual(df.getColumn('Male').toArray(), [1, -1]);
  assert.deepEqual(df.getColumn('imagenum').toArray(), [3, 12]);
});

test('readAttributes(path) reads a file, and the fixture writer round-trips', () => {
  const dir = makeTempDir();
  temps.push(dir);
  const file = path.join(dir, 'lfw_attributes.txt');
  fs.writeFileSync(file, attributeText([{ person: 'Ana Maria Lopez', imagenum: 2 }], ['Smiling', 'Male']));
  const df = readAttributes(file);
  assert.deepEqual(df.columns, ['person', 'imagenum', 'Smiling', 'Male']);
  assert.equal(df.height, 1);
});

test('readAttributes() of a missing file says where to get lfw_attributes.txt', () => {
  assert.throws(() => readAttributes('/nonexistent/lfw_attributes.txt'), /Impossible de lire le fichier d'attributs \/nonexistent\/lfw_attributes\.txt.*Téléchargez lfw_attributes\.txt depuis http:\/\/www\.cs\.columbia\.edu.* dans le dossier des données \(AE_DATA_DIR\)/s);
});

test('readAttributes() rejects malformed files with the line and the expected layout', () => {
  const header = '# comment\n#\tperson\timagenum\tMale\tAsian';
  const cases: [string, RegExp][] = [
    ['', /aucune ligne d'en-tête commençant par « # »/],
    ['person\timagenum\tMale\nBob\t1\t1', /aucune ligne d'en-tête commençant par « # » et nommant les colonnes « person » et « imagenum »/],
    ['# just a comment\nBob\t1\t0.5', /aucune ligne d'en-tête/],
    [`${header}\n`, /aucune ligne de données ne suit l'en-tête/],
    [`${header}\nBob\t1\t0.5`, /la ligne 3 a 3 champs séparés par des tabulations, l'en-tête en a 4/],
    [`${header}\nBob\t1\t0.5\tyes`, /ligne 3, « Asian » = « yes » n'est pas un nombre/],
    [`${header}\nBob\tone\t0.5\t1`, /ligne 3, imagenum « one » n'est pas un entier positif/],
    [`${header}\n\t1\t0.5\t1`, /la ligne 3 a un nom de personne \(person\) vide/],
    [`${header}\nBob\t1\t0.5\t1\nBob\t1\t0.5\t1`, /la ligne 4 répète person « Bob », imagenum 1/],
    ['#\tperson\timagenum\tMale\tMale\nBob\t1\t1\t1', /nomme deux fois la colonne « Male »/],
    ['#\tperson\timagenum\nBob\t1', /ne nomme aucune colonne d'attribut/],
  ];
  for (const [text, expected] of cases) {
    assert.throws(() => parseAttributeText(text, 'bad.txt'), (error: Error) => {
      assert.match(error.message, /^Fichier d'attributs mal formé bad\.txt : /);
      assert.match(error.message, expected);
      assert.match(error.message, /La présentation attendue est celle du fichier officiel lfw_attributes\.txt/);
      assert.match(error.message, /Téléchargez-le de nouveau depuis http:\/\/www\.cs\.columbia\.edu\//);
      return true;
    });
  }
});

test('requireAttributeColumns() names the missing column and the file to fetch, in French', () => {
  const dir = makeTempDir();
  temps.push(dir);
  const file = path.join(dir, 'lfw_attributes.txt');
  fs.writeFileSync(file, attributeText([{ person: 'Ana Maria Lopez', imagenum: 2 }], ['Male', 'Eyeglasses']));
  const attributes = readAttributes(file);
  assert.doesNotThrow(() => requireAttributeColumns(attributes, ['Male', 'Eyeglasses']));
  assert.throws(
    () => requireAttributeColumns(attributes, ['Male', 'Smiling']),
    (error: Error) => {
      assert.match(error.message, /^La table des attributs n'a pas de colonne « Smiling » \(elle en a 2 : « Male », « Eyeglasses »\)/);
      assert.match(error.message, /téléchargez le fichier officiel lfw_attributes\.txt .* depuis http:\/\/www\.cs\.columbia\.edu\//);
      assert.match(error.message, /AE_DATA_DIR/);
      return true;
    },
  );
});
