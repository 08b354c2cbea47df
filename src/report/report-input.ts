/**
 * What a report is drawn from: the spec, the keys that varied and the runs' results
 * in plan order. The same input, in memory or read back from disk, draws the same report.
 */
import { evaluationNames } from '../spec/evaluation-slices.js';
import type { ExperimentSpec } from '../spec/types.js';
import type { RunResult } from '../results/types.js';
import { reportMessages } from './messages.js';
import { keyValueText } from './words.js';

/** The best run up close, as best-run.ts reads it from the results folder. */
export interface BestRunAnalysis {
  run: string;
  slice: string;
  /** counts[true digit][predicted digit] */
  matrix: number[][];
  /** Each run's accuracy per class on the same slice, in plan order, when a few runs have a confusion matrix (best included). */
  perClass?: { run: string; accuracy: (number | null)[] }[];
  /** The pictures' paths inside the results folder, where drawn. */
  confusionSvg: string | null;
  mistakesSvg: string | null;
}

export interface ReportInput {
  spec: ExperimentSpec;
  /** The plan's varying keys, in order (grid keys, then `repeat` when > 1). */
  varying: string[];
  results: RunResult[];
  /** The best run's confusion matrix and mistakes, when its folder has them. */
  analysis?: BestRunAnalysis | null;
}

/** Runs drawn as one line: the same value of the compared key and of every other grid key, over seeds. */
export interface Line {
  /** The other grid keys' values in words, or '' when only the compared key varies. */
  group: string;
  /** The compared key's value in words ("learning rate 0.5"). */
  series: string;
  /** The compared key's value, when it is a number (drawn on a continuous colour scale). */
  value: number | null;
  results: RunResult[];
}

/** The key the comparison charts are drawn across: `report.compare` when it varies, else the first varying grid key, else none. */
export function compareKey(input: ReportInput): string | null {
  const named = input.spec.report?.compare;
  if (named && input.varying.includes(named)) return named;
  return input.varying.find((k) => k !== 'repeat') ?? null;
}

export function hasRepeats(input: ReportInput): boolean {
  return input.varying.includes('repeat');
}

export function seriesOf(input: ReportInput, result: RunResult): string {
  const key = compareKey(input);
  return key === null ? input.spec.name : keyValueText(key, result.run.values[key]);
}

export function groupOf(input: ReportInput, result: RunResult): string {
  const key = compareKey(input);
  return input.varying
    .filter((k) => k !== key && k !== 'repeat')
    .map((k) => keyValueText(k, result.run.values[k]))
    .join(', ');
}

/** The lines of the comparison charts, in plan order. */
export function linesOf(input: ReportInput): Line[] {
  const lines = new Map<string, Line>();
  for (const result of input.results) {
    const group = groupOf(input, result);
    const series = seriesOf(input, result);
    const id = JSON.stringify([group, series]);
    const key = compareKey(input);
    const raw = key === null ? null : result.run.values[key];
    const line = lines.get(id) ?? { group, series, value: typeof raw === 'number' && Number.isFinite(raw) ? raw : null, results: [] };
    line.results.push(result);
    lines.set(id, line);
  }
  return [...lines.values()].map((line) =>
    line.results.every((r) => r.status === 'failed') ? { ...line, series: reportMessages.failedSeries(line.series) } : line,
  );
}

/** Distinct values in first-seen order. */
export function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** The slice names of the spec's evaluations, in the spec's order (a part held out of the training slice first). */
export function slicesOf(input: ReportInput): string[] {
  return evaluationNames(input.spec.data);
}
