/**
 * The course's notebook layout and its checks: title, the five sections in order, none empty, back link last.
 *
 * Layout (markdown headings at the start of a line, outside code blocks):
 *   # Partie N : Titre → ## Description → ## Code (code cells) → ## Justification → # Annexe : code →
 *   [Retour à la Table des matières](../Tables-des-matieres.md)
 */
import { BACK_LINK, OUTLINE_FILE, PART_TITLES } from './course-outline';
import { cellsWithOutputs, cellSource, Notebook } from '../notebook-format';
import { Problem, quoteExcerpt } from './problem';

/** The markers of the layout, in course order. */
export type MarkerKind = 'title' | 'description' | 'code' | 'justification' | 'annex' | 'backLink';

interface MarkerSpec {
  kind: MarkerKind;
  /** How the marker must be written (shown in messages). */
  expected: string;
  /** Recognises the marker even when mistyped (case, spaces, level), to give a precise message. */
  loose: (line: string) => boolean;
  /** True when the line is written exactly as expected (spaces normalised). */
  exact: (line: string) => boolean;
  /** What the section must contain to count as non-empty. */
  needs: 'nothing' | 'text' | 'code' | 'textOrCode';
  /** What to add when the section is empty. */
  fill: string;
  /** What must follow the heading, as it follows « une cellule Markdown « … » » (empty for title and back link). */
  followedBy: string;
}

const TITLE_EXACT = /^# Partie (\d+) : (.+)$/;

const MARKERS: readonly MarkerSpec[] = [
  {
    kind: 'title',
    expected: '# Partie N : Titre',
    loose: (l) => /^#+\s*Partie\s*\d+/i.test(l),
    exact: (l) => TITLE_EXACT.test(l),
    needs: 'nothing',
    fill: '',
    followedBy: '',
  },
  {
    kind: 'description',
    expected: '## Description',
    loose: (l) => /^#+\s*description\s*:?\s*$/i.test(l),
    exact: (l) => l === '## Description',
    needs: 'text',
    fill: 'le texte qui présente la partie',
    followedBy: 'suivie du texte qui présente la partie',
  },
  {
    kind: 'code',
    expected: '## Code',
    loose: (l) => /^#+\s*code\s*:?\s*$/i.test(l),
    exact: (l) => l === '## Code',
    needs: 'code',
    fill: 'au moins une cellule de code',
    followedBy: "suivie d'au moins une cellule de code",
  },
  {
    kind: 'justification',
    expected: '## Justification',
    loose: (l) => /^#+\s*justifications?\s*:?\s*$/i.test(l),
    exact: (l) => l === '## Justification',
    needs: 'text',
    fill: 'le texte qui justifie chaque étape',
    followedBy: 'suivie du texte qui justifie chaque étape',
  },
  {
    kind: 'annex',
    expected: '# Annexe : code',
    loose: (l) => /^#+\s*annexe\b/i.test(l),
    exact: (l) => l === '# Annexe : code',
    needs: 'textOrCode',
    fill: 'la lecture commentée du code',
    followedBy: 'suivie de la lecture commentée du code',
  },
  {
    kind: 'backLink',
    expected: BACK_LINK,
    loose: (l) => /retour\s+à\s+la\s+table\s+des\s+mati[eè]res/i.test(l) || l.includes('Tables-des-matieres.md)'),
    exact: (l) => l === BACK_LINK,
    needs: 'nothing',
    fill: '',
    followedBy: '',
  },
];

/** A marker found in a notebook: kind, 0-based cell index, and the line as written. */
export interface Marker {
  kind: MarkerKind;
  cell: number;
  line: string;
}

/** The title read from a notebook's `# Partie N : Titre` line. */
export interface NotebookTitle {
  number: number;
  title: string;
  /** 0-based cell index. */
  cell: number;
}

/** What the structure check found: problems (French), and the title when one could be read. */
export interface StructureReport {
  problems: Problem[];
  title?: NotebookTitle;
  /** True when the title is written exactly, numbered like the file and equal to the outline's. */
  titleOk: boolean;
}

/** Replaces non-breaking, narrow and tab spaces by plain spaces, collapses runs, trims, NFC-normalises. */
export function normaliseSpaces(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u00a0\u202f\u2009\t]/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Key used to compare titles: spaces normalised and typographic apostrophes made straight. */
export function titleKey(text: string): string {
  return normaliseSpaces(text).replace(/[\u2019\u02bc]/g, "'");
}

/** Reads `# Partie N : Titre` from a line (spaces normalised), or undefined. */
export function parseTitleLine(line: string): { number: number; title: string } | undefined {
  const match = TITLE_EXACT.exec(normaliseSpaces(line));
  return match ? { number: Number(match[1]), title: match[2] } : undefined;
}

/** A text item is one non-blank Markdown line: its text, and whether it is the first non-blank line of its cell. */
type Item =
  | { cell: number; kind: 'marker'; marker: Marker }
  | { cell: number; kind: 'text'; text: string; firstInCell: boolean }
  | { cell: number; kind: 'code' };

/** Splits a notebook into markers and content items (blank lines and empty cells are dropped). */
function scanNotebook(notebook: Notebook): Item[] {
  const items: Item[] = [];
  notebook.cells.forEach((cell, index) => {
    const source = cellSource(cell);
    if (cell.cell_type === 'code') {
      if (source.trim() !== '') items.push({ cell: index, kind: 'code' });
      return;
    }
    const firstItem = items.length;
    const text = (line: string): Item => ({ cell: index, kind: 'text', text: line, firstInCell: items.length === firstItem });
    if (cell.cell_type !== 'markdown') {
      if (source.trim() !== '') items.push(text(source.trim()));
      return;
    }
    let fence: string | undefined;
    for (const rawLine of source.split('\n')) {
      const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(rawLine);
      if (fence !== undefined) {
        if (fenceMatch && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length) fence = undefined;
        items.push(text(rawLine));
        continue;
      }
      if (fenceMatch) {
        fence = fenceMatch[1];
        items.push(text(rawLine));
        continue;
      }
      const line = normaliseSpaces(rawLine);
      if (line === '') continue;
      const spec = MARKERS.find((m) => m.loose(line));
      if (spec) items.push({ cell: index, kind: 'marker', marker: { kind: spec.kind, cell: index, line } });
      else items.push(text(line));
    }
  });
  return items;
}

/**
 * Where a missing section's content starts, judged from the items around it: the Description's first text
 * after the title, the Code section's first code cell, the Justification's first text after the last code cell.
 * Undefined when there is no such content (or no rule for that section).
 */
function sectionStart(items: readonly Item[], kind: MarkerKind, previous?: Marker, next?: Marker): Item | undefined {
  const positionOf = (marker?: Marker): number => items.findIndex((item) => item.kind === 'marker' && item.marker === marker);
  const from = previous ? positionOf(previous) + 1 : 0;
  const to = next ? positionOf(next) : items.length;
  const range = items.slice(from, to);
  if (kind === 'description') return range[0]?.kind === 'text' ? range[0] : undefined;
  if (kind === 'code') return range.find((item) => item.kind === 'code');
  if (kind !== 'justification') return undefined;
  let lastCode = -1;
  range.forEach((item, i) => {
    if (item.kind === 'code') lastCode = i;
  });
  return lastCode === -1 ? undefined : range.slice(lastCode + 1).find((item) => item.kind === 'text');
}

/** What every layout rule reads: the notebook's items, its markers, the first of each kind, and where to report. */
interface Layout {
  file: string;
  fileNumber: number;
  cellCount: number;
  items: Item[];
  markers: Marker[];
  /** The first marker of each kind (later ones are duplicates). */
  first: Map<MarkerKind, Marker>;
}

/** The spec of a marker kind. */
function specOf(kind: MarkerKind): MarkerSpec {
  return MARKERS.find((m) => m.kind === kind)!;
}

/** A problem at 0-based cell `cell` of the layout's file. */
function problemAt(layout: Layout, cell: number, message: string): Problem {
  return { file: layout.file, cell: cell + 1, message };
}

/** The title line as it must be written for this file's part. */
function expectedTitle(fileNumber: number): string {
  return `# Partie ${fileNumber} : ${PART_TITLES[fileNumber - 1] ?? 'Titre'}`;
}

/** Index of a marker's item, for ordering. */
function positionOf(layout: Layout, kind: MarkerKind): number {
  return layout.items.findIndex((item) => item.kind === 'marker' && item.marker === layout.first.get(kind));
}

/** Markers written loosely: says how to write them exactly. */
function looseMarkerProblems(layout: Layout): Problem[] {
  return layout.markers
    .filter((marker) => !specOf(marker.kind).exact(marker.line))
    .map((marker) => {
      const expected = marker.kind === 'title' ? expectedTitle(layout.fileNumber) : specOf(marker.kind).expected;
      return problemAt(layout, marker.cell, `la ligne « ${quoteExcerpt(marker.line)} » doit s'écrire exactement « ${expected} ». Corrigez-la dans cette cellule.`);
    });
}

/** Each marker exactly once: every later occurrence is a problem. */
function duplicateMarkerProblems(layout: Layout): Problem[] {
  return layout.markers
    .filter((marker) => layout.first.get(marker.kind) !== marker)
    .map((marker) =>
      problemAt(
        layout,
        marker.cell,
        `« ${specOf(marker.kind).expected} » apparaît une deuxième fois (déjà en cellule ${layout.first.get(marker.kind)!.cell + 1}). ` +
          'Gardez une seule occurrence : supprimez ou renommez celle-ci.',
      ),
    );
}

/** One missing marker: says where to add it, from the content around it. */
function missingMarkerProblem(layout: Layout, spec: MarkerSpec, index: number): Problem {
  const { first, fileNumber } = layout;
  const next = MARKERS.slice(index + 1).find((m) => first.has(m.kind));
  const previous = MARKERS.slice(0, index).reverse().find((m) => first.has(m.kind));
  const what =
    spec.kind === 'title'
      ? `le titre « ${expectedTitle(fileNumber)} » est absent`
      : spec.kind === 'backLink'
        ? `le lien de retour « ${BACK_LINK} » est absent`
        : `la section « ${spec.expected} » est absente`;
  const content = spec.followedBy ? `, ${spec.followedBy}` : '';
  const start = sectionStart(layout.items, spec.kind, previous && first.get(previous.kind), next && first.get(next.kind));
  if (start?.kind === 'code') {
    return problemAt(
      layout,
      start.cell,
      `${what}. Cette cellule est la première cellule de code de la partie : ajoutez juste avant elle une cellule Markdown « ${spec.expected} ».`,
    );
  }
  if (start?.kind === 'text') {
    const context = spec.kind === 'justification' ? ', après la dernière cellule de code' : '';
    const where = start.firstInCell
      ? `Ajoutez la ligne « ${spec.expected} » en tête de cette cellule (ou une cellule Markdown « ${spec.expected} » juste avant elle).`
      : `Ajoutez dans cette cellule, juste au-dessus de ce texte, la ligne « ${spec.expected} » suivie d'une ligne vide.`;
    return problemAt(
      layout,
      start.cell,
      `${what}. D'après le texte qui l'entoure, cette section commence ici${context}, par « ${quoteExcerpt(start.text, 50)} ». ${where}`,
    );
  }
  if (next) {
    return problemAt(
      layout,
      first.get(next.kind)!.cell,
      `${what}. Ajoutez juste avant cette cellule (« ${quoteExcerpt(next.expected, 40)} ») une cellule Markdown « ${spec.expected} »${content}.`,
    );
  }
  const after = previous ? ` (après « ${quoteExcerpt(previous.expected, 40)} »)` : '';
  return {
    file: layout.file,
    cell: Math.max(layout.cellCount, 1),
    message: `${what}. Ajoutez à la fin du carnet${after} une cellule Markdown « ${spec.expected} »${content}.`,
  };
}

/** Missing markers: says where to add each. */
function missingMarkerProblems(layout: Layout): Problem[] {
  return MARKERS.flatMap((spec, index) => (layout.first.has(spec.kind) ? [] : [missingMarkerProblem(layout, spec, index)]));
}

/** The present markers must follow the course order: one problem per marker found before its predecessor. */
function orderProblems(layout: Layout): Problem[] {
  const present = MARKERS.filter((m) => layout.first.has(m.kind));
  const problems: Problem[] = [];
  for (let i = 1; i < present.length; i += 1) {
    const before = present[i - 1];
    const current = present[i];
    if (positionOf(layout, current.kind) >= positionOf(layout, before.kind)) continue;
    problems.push(
      problemAt(
        layout,
        layout.first.get(current.kind)!.cell,
        `« ${quoteExcerpt(current.expected, 40)} » arrive avant « ${quoteExcerpt(before.expected, 40)} » (cellule ${layout.first.get(before.kind)!.cell + 1}). ` +
          'Remettez les sections dans l\'ordre : titre, ## Description, ## Code, ## Justification, # Annexe : code, lien de retour ' +
          '(dans JupyterLab, glissez les cellules ou utilisez Édition > Déplacer les cellules).',
      ),
    );
  }
  return problems;
}

/** In a well-ordered notebook: nothing before the title, nothing after the back link, no empty section. */
function placementProblems(layout: Layout): Problem[] {
  const problems: Problem[] = [];
  const present = MARKERS.filter((m) => layout.first.has(m.kind));
  const titlePos = layout.first.has('title') ? positionOf(layout, 'title') : -1;
  const firstContent = layout.items.find((item, index) => index < titlePos && item.kind !== 'marker');
  if (firstContent) {
    problems.push(
      problemAt(layout, firstContent.cell, 'le carnet doit commencer par le titre « # Partie N : Titre » : déplacez ce contenu après le titre ou supprimez-le.'),
    );
  }
  present.forEach((spec, i) => {
    const start = positionOf(layout, spec.kind);
    const end = i + 1 < present.length ? positionOf(layout, present[i + 1].kind) : layout.items.length;
    const inside = layout.items.slice(start + 1, end);
    if (spec.kind === 'backLink') {
      const extra = inside.find((item) => item.kind !== 'marker');
      if (extra) {
        problems.push(
          problemAt(layout, extra.cell, 'du contenu suit le lien de retour, qui doit terminer le carnet : déplacez ce contenu avant le lien (ou supprimez-le).'),
        );
      }
      return;
    }
    const hasText = inside.some((item) => item.kind === 'text');
    const hasCode = inside.some((item) => item.kind === 'code');
    const filled =
      spec.needs === 'nothing' ||
      (spec.needs === 'text' && hasText) ||
      (spec.needs === 'code' && hasCode) ||
      (spec.needs === 'textOrCode' && (hasText || hasCode));
    if (!filled) {
      problems.push(
        problemAt(
          layout,
          layout.first.get(spec.kind)!.cell,
          `la section « ${spec.expected} » est vide. Ajoutez ${spec.fill} sous ce titre` +
            (spec.needs === 'code' ? ' (cellule de type Code).' : ' (dans cette cellule ou une cellule Markdown qui la suit).'),
        ),
      );
    }
  });
  return problems;
}

/** The title: its number matches the file name, its text matches the outline. */
function titleCheck(layout: Layout): { problems: Problem[]; title?: NotebookTitle; titleOk: boolean } {
  const titleMarker = layout.first.get('title');
  const parsed = titleMarker && parseTitleLine(titleMarker.line);
  if (!titleMarker || !parsed) return { problems: [], titleOk: false };
  const { fileNumber } = layout;
  const problems: Problem[] = [];
  if (parsed.number !== fileNumber) {
    problems.push(
      problemAt(
        layout,
        titleMarker.cell,
        `le titre annonce la partie ${parsed.number}, mais le nom du fichier porte le numéro ${String(fileNumber).padStart(2, '0')}. ` +
          `Corrigez le numéro dans le titre (« # Partie ${fileNumber} : … ») ou renommez le fichier.`,
      ),
    );
  }
  const expected = PART_TITLES[fileNumber - 1];
  const sameText = expected !== undefined && titleKey(parsed.title) === titleKey(expected);
  if (expected !== undefined && !sameText) {
    problems.push(
      problemAt(
        layout,
        titleMarker.cell,
        `le titre « ${parsed.title} » ne correspond pas à la table des matières, qui attend « ${expected} ». ` +
          `Corrigez le titre dans cette cellule ; si c'est le titre lui-même qui doit changer, modifiez-le aussi dans ${OUTLINE_FILE} (PART_TITLES), puis exécutez npm run render.`,
      ),
    );
  }
  const titleOk = sameText && parsed.number === fileNumber && layout.markers.filter((m) => m.kind === 'title').length === 1;
  return { problems, title: { ...parsed, cell: titleMarker.cell }, titleOk };
}

/** Checks a notebook's layout; `file` is the path used in messages, `fileNumber` the number in its name. */
export function checkNotebookStructure(notebook: Notebook, file: string, fileNumber: number): StructureReport {
  const items = scanNotebook(notebook);
  const markers = items.flatMap((item) => (item.kind === 'marker' ? [item.marker] : []));
  const first = new Map<MarkerKind, Marker>();
  for (const marker of markers) if (!first.has(marker.kind)) first.set(marker.kind, marker);
  const layout: Layout = { file, fileNumber, cellCount: notebook.cells.length, items, markers, first };
  const order = orderProblems(layout);
  const title = titleCheck(layout);
  const problems = [
    ...looseMarkerProblems(layout),
    ...duplicateMarkerProblems(layout),
    ...missingMarkerProblems(layout),
    ...order,
    ...(order.length === 0 ? placementProblems(layout) : []),
    ...title.problems,
  ];
  return { problems, title: title.title, titleOk: title.titleOk };
}

/** Checks that no code cell carries outputs or an execution count (one problem per notebook, naming the cells). */
export function checkNoOutputs(notebook: Notebook, file: string): Problem[] {
  const cells = cellsWithOutputs(notebook);
  if (cells.length === 0) return [];
  const others = cells.length > 1 ? ` (ainsi que les cellules ${cells.slice(1).join(', ')})` : '';
  return [
    {
      file,
      cell: cells[0],
      message:
        `cette cellule de code contient des sorties ou un numéro d'exécution${others} ; les carnets se committent sans sorties. ` +
        'Dans JupyterLab : Édition > Effacer les sorties de toutes les cellules (Edit > Clear Outputs of All Cells), puis enregistrez ; ' +
        'ou exécutez npm run verifier -- --clear-outputs.',
    },
  ];
}

/** Checks the notebook declares the tslab kernel (TypeScript). */
export function checkKernel(notebook: Notebook, file: string): Problem[] {
  const kernelspec = (notebook.metadata?.kernelspec ?? {}) as { name?: unknown };
  if (kernelspec.name === 'tslab') return [];
  return [
    {
      file,
      message:
        `le carnet ne déclare pas le noyau tslab (kernelspec « ${String(kernelspec.name ?? 'absent')} »). ` +
        'Dans JupyterLab : Noyau > Changer de noyau… > TypeScript, puis enregistrez.',
    },
  ];
}
