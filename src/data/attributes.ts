/**
 * Parser of lfw_attributes.txt (Kumar et al., 2009) in its official layout:
 * line 1 a comment, line 2 the header `#<TAB>person<TAB>imagenum<TAB><attribute>...`, then one
 * tab-separated row per image. Columns are found by header name, never by position.
 */
import * as fs from 'fs';
import pl from 'nodejs-polars';

/** Where the official attribute file comes from (no published checksum). */
export const LFW_ATTRIBUTES_URL = 'http://www.cs.columbia.edu/CAVE/databases/pubfig/download/lfw_attributes.txt';

/** Attribute table as plain columns, before it becomes a DataFrame. */
export interface AttributeColumns {
  person: string[];
  imagenum: Int32Array;
  /** Attribute names in file order (everything but person and imagenum). */
  names: string[];
  /** values[j][i] = attribute names[j] of row i. */
  values: Float64Array[];
}

function malformed(source: string, what: string): Error {
  return new Error(
    `Fichier d'attributs mal formé ${source} : ${what}. La présentation attendue est celle du fichier officiel lfw_attributes.txt ` +
      `(une ligne de commentaire, puis « #<TAB>person<TAB>imagenum<TAB><noms des attributs> », puis une ligne par image, ` +
      `aux champs séparés par des tabulations). Téléchargez-le de nouveau depuis ${LFW_ATTRIBUTES_URL}.`,
  );
}

/** Parses the text of an attribute file into plain columns; `source` names it in error messages. */
export function parseAttributeText(text: string, source = 'the attribute text'): AttributeColumns {
  const lines = text.split(/\r?\n/);
  let headerLine = -1;
  let header: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    if (!line.startsWith('#')) break;
    const fields = line.slice(1).split('\t').map((f) => f.trim());
    if (fields.length > 0 && fields[0] === '') fields.shift();
    if (fields.includes('person') && fields.includes('imagenum')) {
      headerLine = i;
      header = fields;
      break;
    }
  }
  if (headerLine < 0) {
    throw malformed(source, 'aucune ligne d\'en-tête commençant par « # » et nommant les colonnes « person » et « imagenum » avant les données');
  }
  const seen = new Set<string>();
  for (const name of header) {
    if (name === '') throw malformed(source, `l'en-tête (ligne ${headerLine + 1}) a un nom de colonne vide`);
    if (seen.has(name)) throw malformed(source, `l'en-tête (ligne ${headerLine + 1}) nomme deux fois la colonne « ${name} »`);
    seen.add(name);
  }
  const personAt = header.indexOf('person');
  const imagenumAt = header.indexOf('imagenum');
  const attributeAt = header.map((_, j) => j).filter((j) => j !== personAt && j !== imagenumAt);
  if (attributeAt.length === 0) throw malformed(source, 'l\'en-tête ne nomme aucune colonne d\'attribut après person et imagenum');

  const rowLines: number[] = [];
  for (let i = headerLine + 1; i < lines.length; i++) {
    if (lines[i].trim() !== '' && !lines[i].startsWith('#')) rowLines.push(i);
  }
  if (rowLines.length === 0) throw malformed(source, 'aucune ligne de données ne suit l\'en-tête');

  const n = rowLines.length;
  const person: string[] = new Array(n);
  const imagenum = new Int32Array(n);
  const values = attributeAt.map(() => new Float64Array(n));
  const keys = new Set<string>();
  for (let r = 0; r < n; r++) {
    const lineNo = rowLines[r] + 1;
    const fields = lines[rowLines[r]].split('\t');
    if (fields.length === header.length + 1 && fields[fields.length - 1].trim() === '') fields.pop();
    if (fields.length !== header.length) {
      throw malformed(source, `la ligne ${lineNo} a ${fields.length} champs séparés par des tabulations, l'en-tête en a ${header.length}`);
    }
    const name = fields[personAt].trim();
    if (name === '') throw malformed(source, `la ligne ${lineNo} a un nom de personne (person) vide`);
    const num = Number(fields[imagenumAt]);
    if (!Number.isInteger(num) || num < 1 || fields[imagenumAt].trim() === '') {
      throw malformed(source, `ligne ${lineNo}, imagenum « ${fields[imagenumAt]} » n'est pas un entier positif`);
    }
    const key = `${name}\t${num}`;
    if (keys.has(key)) throw malformed(source, `la ligne ${lineNo} répète person « ${name} », imagenum ${num}`);
    keys.add(key);
    person[r] = name;
    imagenum[r] = num;
    for (let j = 0; j < attributeAt.length; j++) {
      const raw = fields[attributeAt[j]];
      const value = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(value)) {
        throw malformed(source, `ligne ${lineNo}, « ${header[attributeAt[j]]} » = « ${raw} » n'est pas un nombre`);
      }
      values[j][r] = value;
    }
  }
  return { person, imagenum, names: attributeAt.map((j) => header[j]), values };
}

/** Builds the attribute DataFrame (columns person: str, imagenum: i32, then one f64 column per attribute). */
export function attributeFrame(columns: AttributeColumns): pl.DataFrame {
  return pl.DataFrame([
    pl.Series('person', columns.person),
    pl.Series('imagenum', columns.imagenum),
    ...columns.names.map((name, j) => pl.Series(name, columns.values[j])),
  ]);
}

/** Reads a path to an attribute file, or its text (a string holding a newline, or a Buffer), as plain columns. */
export function readAttributeColumns(pathOrText: string | Buffer): AttributeColumns {
  if (Buffer.isBuffer(pathOrText)) return parseAttributeText(pathOrText.toString('utf8'));
  if (pathOrText.includes('\n')) return parseAttributeText(pathOrText);
  let text: string;
  try {
    text = fs.readFileSync(pathOrText, 'utf8');
  } catch (error) {
    throw new Error(
      `Impossible de lire le fichier d'attributs ${pathOrText} (${(error as Error).message}). Téléchargez lfw_attributes.txt depuis ` +
        `${LFW_ATTRIBUTES_URL} dans le dossier des données (AE_DATA_DIR), ou passez le bon chemin.`,
    );
  }
  return parseAttributeText(text, pathOrText);
}

/**
 * Reads lfw_attributes.txt (path, text or Buffer) into a polars DataFrame: person, imagenum, then the
 * attribute columns in file order (73 in the official file). Throws a clear error on a malformed file.
 * Introduced in 04-chemins-des-fichiers.
 */
export function readAttributes(pathOrText: string | Buffer): pl.DataFrame {
  return attributeFrame(readAttributeColumns(pathOrText));
}

/**
 * Throws a French error naming the first of `columns` missing from the attribute table and the file to
 * fetch (the official lfw_attributes.txt); does nothing when all are there. Introduced in
 * 30-pour-aller-plus-loin-arithmetique-latente.
 */
export function requireAttributeColumns(attributes: pl.DataFrame, columns: readonly string[]): void {
  const missing = columns.find((column) => !attributes.columns.includes(column));
  if (missing === undefined) return;
  const present = attributes.columns.filter((c) => c !== 'person' && c !== 'imagenum');
  const sample = present.slice(0, 8).map((c) => `« ${c} »`).join(', ');
  throw new Error(
    `La table des attributs n'a pas de colonne « ${missing} » (elle en a ${present.length} : ${sample}` +
      `${present.length > 8 ? ', …' : ''}). Les noms respectent les majuscules. Si le nom est juste, le fichier ` +
      `d'attributs est incomplet : téléchargez le fichier officiel lfw_attributes.txt (73 attributs) depuis ` +
      `${LFW_ATTRIBUTES_URL}, remplacez celui du dossier des données (AE_DATA_DIR, par défaut work/data), ` +
      'puis relancez le carnet.',
  );
}
