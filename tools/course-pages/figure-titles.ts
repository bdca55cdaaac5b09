/**
 * The strings a code cell gives as figure titles: the string literals of the value assigned to `title`,
 * `titles`, `xTitle`… (`{ title: 'Visage moyen' }`, `const titles = ['Photo', 'Visage']`).
 */

const TITLE_KEY = /(?<![\w$])(?:[a-z]+T|t)itles?\s*(?::|=(?!=))\s*/g;

/** Reads the string literal that starts at `start` (quote included); returns its text (template holes blanked) and end. */
function readStringLiteral(code: string, start: number): { text: string; end: number } {
  const quote = code[start];
  let text = '';
  let i = start + 1;
  while (i < code.length && code[i] !== quote) {
    if (code[i] === '\\') {
      text += code[i + 1] ?? '';
      i += 2;
    } else if (quote === '`' && code.startsWith('${', i)) {
      let depth = 1;
      i += 2;
      while (i < code.length && depth > 0) {
        if (code[i] === '{') depth += 1;
        else if (code[i] === '}') depth -= 1;
        i += 1;
      }
      text += ' ';
    } else {
      text += code[i];
      i += 1;
    }
  }
  return { text, end: i + 1 };
}

/** The string literals of the title values in a code cell, in order. */
export function figureTitleStrings(code: string): string[] {
  const strings: string[] = [];
  for (const match of code.matchAll(TITLE_KEY)) {
    let i = (match.index ?? 0) + match[0].length;
    let depth = 0;
    while (i < code.length) {
      const ch = code[i];
      if (ch === "'" || ch === '"' || ch === '`') {
        const literal = readStringLiteral(code, i);
        strings.push(literal.text);
        i = literal.end;
        continue;
      }
      if ('([{'.includes(ch)) depth += 1;
      else if (')]}'.includes(ch)) {
        if (depth === 0) break;
        depth -= 1;
      } else if (depth === 0 && (ch === ',' || ch === ';' || ch === '\n')) break;
      i += 1;
    }
  }
  return strings;
}
