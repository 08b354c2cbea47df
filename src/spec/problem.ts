/** A problem with a spec, located at file:line:col, and how problems are printed. */

export interface Problem {
  /** The spec file, or `--set` for a command-line override. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  message: string;
  /** The offending line, as written. */
  source: string;
  /** Spaces and a `^` under the offending column. */
  caret: string;
}

/** A problem at a 1-based line and column of `text`. */
export function problemAt(file: string, text: string, line: number, col: number, message: string): Problem {
  const source = (text.split(/\r?\n/)[line - 1] ?? '').replace(/\t/g, ' ');
  return { file, line, col, message, source, caret: `${' '.repeat(Math.max(0, col - 1))}^` };
}

/** `file:line:col: message`, then the line and a caret under the column. */
export function formatProblems(problems: Problem[]): string {
  return problems
    .map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}\n    ${p.source}\n    ${p.caret}\n`)
    .join('');
}

/** Problems in file, line, column order, each once. */
export function sortProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.file}\0${p.line}\0${p.col}\0${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => (a.file === b.file ? a.line - b.line || a.col - b.col : a.file < b.file ? -1 : 1));
}
