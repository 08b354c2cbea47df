/**
 * The best run, up close: its confusion matrix on the judged slice (read back from
 * runs/<run>/confusion-<slice>.csv). Read from the results folder, so `writeReport` and
 * `report DIR` see the same; the report adds the pictures it drew of them.
 */
import { join } from 'node:path';
import { perDigitAccuracy } from '../analysis/confusion.js';
import { bestBy } from './select.js';
import { parseCsv } from '../results/csv.js';
import { readTextWithoutBlocking } from '../results/read-opened.js';
import { runFolderPath } from '../results/run-folder.js';
import { judgedSlice } from './outcome.js';
import { slicesOf, type BestRunAnalysis, type ReportInput } from './report-input.js';

export function readBestRunAnalysis(resultsDir: string, input: ReportInput): BestRunAnalysis | null {
  const slice = judgedSlice(slicesOf(input));
  const best = bestBy(input);
  if (!best || slice === null) return null;
  const folder = runFolderPath(resultsDir, best.run.id);
  const matrix = readConfusionCsv(join(folder, `confusion-${slice}.csv`));
  if (!matrix) return null;
  return { run: best.run.id, slice, matrix, perClass: perClassOfRuns(resultsDir, input, slice), confusionSvg: null, mistakesSvg: null };
}

/** Runs whose per-class accuracy the README compares, row by row; past this, only the best run's. */
export const MAX_PER_CLASS_ROWS = 6;

/** Every run's per-class accuracy on `slice`, when there are a few runs and each has its confusion matrix; else undefined. */
function perClassOfRuns(resultsDir: string, input: ReportInput, slice: string): BestRunAnalysis['perClass'] {
  if (input.results.length < 2 || input.results.length > MAX_PER_CLASS_ROWS) return undefined;
  const rows = input.results.map((r) => ({ run: r.run.id, matrix: readConfusionCsv(join(runFolderPath(resultsDir, r.run.id), `confusion-${slice}.csv`)) }));
  if (rows.some((row) => row.matrix === null)) return undefined;
  return rows.map(({ run, matrix }) => ({ run, accuracy: perDigitAccuracy(matrix!) }));
}

/** The counts of a confusion-<slice>.csv (header `true\predicted,0,...`), or null if unreadable. */
export function readConfusionCsv(path: string): number[][] | null {
  try {
    // opened without blocking: a FIFO of that name would otherwise hold report in open() for good
    const { header, rows } = parseCsv(readTextWithoutBlocking(path));
    const classes = header.length - 1;
    const matrix = rows.map((row) => row.slice(1).map(Number));
    const square = matrix.length === classes && matrix.every((r) => r.length === classes && r.every(Number.isInteger));
    return square ? matrix : null;
  } catch {
    return null;
  }
}
