/**
 * Which Node.js versions the course supports, and the French line part 01 prints about the running one.
 */

/** Node.js major versions the course is tested on (CI runs each): the maintained LTS lines. */
export const SUPPORTED_NODE_MAJORS: readonly number[] = [22, 24, 26];

/** What the course thinks of one Node.js version. */
export interface NodeVersionStatus {
  /** The version as Node prints it, e.g. `v24.11.0`. */
  version: string;
  major: number;
  /** True for a tested major version (SUPPORTED_NODE_MAJORS). */
  supported: boolean;
  /** One French sentence for the learner: confirmation, or what to install instead. */
  message: string;
}

/** Judges a Node.js version (default: the running one) against the supported majors. */
export function nodeVersionStatus(version: string = process.version): NodeVersionStatus {
  const match = /^v?(\d+)\.\d+\.\d+/.exec(version);
  if (!match) throw new Error(`checkNodeVersion : version de Node.js illisible « ${version} » ; passez-la sous la forme v24.11.0.`);
  const major = Number(match[1]);
  const tested = formatList(SUPPORTED_NODE_MAJORS);
  const oldest = Math.min(...SUPPORTED_NODE_MAJORS);
  const supported = SUPPORTED_NODE_MAJORS.includes(major);
  let message: string;
  if (supported) {
    message = `Node.js ${version} : version prise en charge (le cours est testé sur Node.js ${tested}).`;
  } else if (major < oldest) {
    message =
      `Attention : Node.js ${version} n'est plus pris en charge (fin de vie). Installez Node.js ${tested} ` +
      '(https://nodejs.org), puis relancez `npm install` et redémarrez le noyau.';
  } else {
    message =
      `Attention : Node.js ${version} n'a pas été testé avec le cours, qui l'est sur Node.js ${tested}. ` +
      'Si une cellule échoue, essayez l\'une de ces versions.';
  }
  return { version, major, supported, message };
}

/**
 * Prints the running Node.js version's status: `console.log` when supported, `console.warn` otherwise.
 * Returns nothing, so that a notebook cell shows the sentence alone. Introduced in 01-configuration-du-projet.
 */
export function checkNodeVersion(version: string = process.version): void {
  const status = nodeVersionStatus(version);
  if (status.supported) console.log(status.message);
  else console.warn(status.message);
}

function formatList(majors: readonly number[]): string {
  const names = majors.map(String);
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} ou ${names[names.length - 1]}`;
}
