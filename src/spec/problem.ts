/** A problem with a spec, located at file:line:col, and how problems are printed. */
import { visible } from '../visible-text.js';

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

/** Quoted lines are cut to this width when the terminal's is not known (not a TTY). */
export const DEFAULT_WIDTH = 80;
const INDENT = '    ';

/** A problem at a 1-based line and column of `text`. */
export function problemAt(file: string, text: string, line: number, col: number, message: string): Problem {
  return problemOnLine(file, text.split(/\r?\n/)[line - 1] ?? '', line, col, message);
}

/** A problem at a 1-based column of `lineText`, the text of line `line`. */
export function problemOnLine(file: string, lineText: string, line: number, col: number, message: string): Problem {
  const source = lineText.replace(/\r?\n$/, '').replace(/\t/g, ' ');
  return { file, line, col, message, source, caret: `${' '.repeat(Math.max(0, col - 1))}^` };
}

/**
 * `file:line:col: message`, then the line and a caret under the column (unless the problem is
 * with the file as a whole, at 1:1 of nothing). A line wider than
 * `width` (with its indent) is cut around the column, an ellipsis where text was left out.
 */
export function formatProblems(problems: Problem[], width = DEFAULT_WIDTH): string {
  return problems
    .map((p) => {
      const head = `${visible(p.file)}:${p.line}:${p.col}: ${visible(p.message)}\n`;
      if (p.source === '' && p.col <= 1) return head;
      const { text, caret } = cutLine(p.source, p.col, width - INDENT.length);
      // the line as shown, and the caret under the same character of it
      const shownCaret = visible(text.slice(0, caret)).length + Math.max(0, caret - text.length);
      return `${head}${INDENT}${visible(text)}\n${INDENT}${' '.repeat(shownCaret)}^\n`;
    })
    .join('');
}

/** At most `width` characters of `line` around 1-based column `col`, and where the caret goes (0-based). */
export function cutLine(line: string, col: number, width: number): { text: string; caret: number } {
  const at = Math.max(0, col - 1);
  const room = Math.max(8, width);
  if (line.length <= room && at < room) return { text: line, caret: at };
  if (at < room - 1) return { text: `${line.slice(0, room - 1)}…`, caret: at };
  const tail = line.length - (room - 1);
  if (at >= tail) return { text: `…${line.slice(tail)}`, caret: Math.min(at - tail + 1, room) };
  const start = at - Math.floor((room - 2) / 2);
  return { text: `…${line.slice(start, start + room - 2)}…`, caret: at - start + 1 };
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
