/**
 * What a failing cell's error looks like to the runner: tslab reports a failing cell only with an
 * execute_reply of status "error" and prints the error (or TypeScript diagnostics) on stderr, without the
 * iopub "error" message other kernels send, so the error is rebuilt from that stderr text.
 */

/** A cell error in Jupyter's terms (the fields of an "error" output). */
export interface CellErrorInfo {
  ename: string;
  evalue: string;
  traceback: string[];
}

/**
 * Builds ename / evalue / traceback from the stderr a failing tslab cell printed.
 * Runtime errors print as `TypeError: message\n    at ...`; compile errors as `2:7 - Type 'x' is not ...`.
 */
export function errorFromStderr(stderr: string): CellErrorInfo {
  const lines = stderr
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((line) => line.trim() !== '');
  // Frames inside tslab and node:vm say nothing about the notebook: keep the learner's frames only.
  const frames = lines.filter((line) => !/^\s+at .*(node_modules[\\/]tslab[\\/]|\(node:vm:|sigintHandlersWrap)/.test(line));
  const traceback = frames.length > 0 ? frames : ['(the kernel printed nothing on stderr)'];
  const diagnostics = lines.filter((line) => /^(\S+ )?\d+:\d+ - /.test(line));
  if (diagnostics.length > 0) {
    const messages = diagnostics.map((line) => line.replace(/^(\S+ )?/, ''));
    return { ename: 'TypeScriptCompileError', evalue: messages.join('; '), traceback };
  }
  for (const raw of lines) {
    const line = raw.replace(/^(Uncaught|UncaughtException:|UnhandledPromiseRejection:)\s*/, '');
    const match = /^([A-Za-z_$][\w$.]*(?:Error|Exception)|Error)(?: \[[^\]]*\])?: ?(.*)$/.exec(line);
    if (match) return { ename: match[1], evalue: match[2], traceback };
  }
  return { ename: 'Error', evalue: lines[0] ?? 'the cell failed without printing an error', traceback };
}

/** The error reported for a request the kernel aborted (tslab aborts what it receives just after a failure). */
export function abortedError(): CellErrorInfo {
  return {
    ename: 'ExecutionAborted',
    evalue:
      'the kernel aborted this cell without running it (tslab aborts requests received within 200 ms after a failing cell)',
    traceback: [],
  };
}

/** The error reported when a cell runs longer than the per-cell timeout. */
export function timeoutError(seconds: number): CellErrorInfo {
  return {
    ename: 'CellTimeout',
    evalue: `the cell ran longer than ${seconds} s (raise it with --timeout <seconds>, 0 = no limit)`,
    traceback: [],
  };
}
