/**
 * Which runs get pictures of their own (a chart, confusion matrices, mistakes): the best
 * few, by the report's notion of best (report.select; by default the highest last accuracy
 * on the judged slice, the lowest final loss where nothing was evaluated), and any run asked for with
 * `report DIR --run ID` (remembered in experiment.json). Every run keeps its data.
 */
import type { RunResult } from '../results/types.js';
import { judgedSlice, lastAccuracy } from './outcome.js';
import { slicesOf, type ReportInput } from './report-input.js';
import { selectMetric } from './select.js';

/** Runs drawn up close without being asked for. */
export const BEST_FEW = 3;

/** The runs from best to worst (plan order among equals); runs with nothing to judge them by come last. */
export function rankedRuns(input: ReportInput): RunResult[] {
  const select = input.spec.report.select;
  if (select) {
    const metric = selectMetric(input);
    const sign = metric.mode === 'max' ? 1 : -1;
    return input.results
      .map((r, i) => ({ r, i, score: metric.score(r) }))
      .filter((s) => s.score !== null)
      .sort((a, b) => sign * (b.score! - a.score!) || a.i - b.i)
      .map((s) => s.r);
  }
  const slice = judgedSlice(slicesOf(input));
  const accuracies = input.results.map((r) => lastAccuracy(r, slice));
  const scored = accuracies.some((a) => a !== null)
    ? input.results.map((r, i) => ({ r, i, score: accuracies[i] }))
    : input.results.map((r, i) => ({ r, i, score: finalLossScore(r) }));
  return scored
    .filter((s) => s.score !== null)
    .sort((a, b) => b.score! - a.score! || a.i - b.i)
    .map((s) => s.r);
}

/** Minus the last finite loss of a run that did not fail (higher is better), or null. */
function finalLossScore(result: RunResult): number | null {
  const loss = result.losses.at(-1);
  return result.status !== 'failed' && loss !== undefined && Number.isFinite(loss) ? -loss : null;
}

/** The ids of the runs drawn up close, in plan order: the best few and those `requested`. */
export function drawnRuns(input: ReportInput, requested: string[] = []): string[] {
  const chosen = new Set([...rankedRuns(input).slice(0, BEST_FEW).map((r) => r.run.id), ...requested]);
  return input.results.filter((r) => chosen.has(r.run.id)).map((r) => r.run.id);
}
