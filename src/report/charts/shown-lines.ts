/**
 * Which lines the comparison charts draw: all of them up to a dozen; past that, only the
 * lines of the best few runs (the final chart then shows every run's final metric).
 */
import { BEST_FEW, rankedRuns } from '../drawn-runs.js';
import { linesOf, type Line, type ReportInput } from '../report-input.js';

/** More lines than this, and the comparison shows the best few. */
export const MAX_SERIES = 12;

export interface ShownLines {
  lines: Line[];
  /** How many lines there are in all. */
  all: number;
  /** Whether lines were left out. */
  cut: boolean;
}

export function shownLines(input: ReportInput): ShownLines {
  const lines = linesOf(input);
  if (lines.length <= MAX_SERIES) return { lines, all: lines.length, cut: false };
  const best = new Set(rankedRuns(input).slice(0, BEST_FEW));
  return { lines: lines.filter((l) => l.results.some((r) => best.has(r))), all: lines.length, cut: true };
}
