/**
 * What "best" means in a report: `report.select` (a metric and whether higher or lower is
 * better), or by default the judged slice's last accuracy, higher being better. The star in
 * the table, the runs drawn up close, the best run's section, a search's rankings and serve's
 * best run all use it. With repeats, the best setting is the one with the best mean over its
 * seeds, and its best seed stands for it (ranking.ts).
 */
import type { RunResult } from '../results/types.js';
import type { SelectSpec } from '../spec/types.js';
import type { MetricInfo } from './charts/search-charts.js';
import { judgedSlice, lastAccuracy } from './outcome.js';
import { rankSettings, type Scorer } from './ranking.js';
import { slicesOf, type ReportInput } from './report-input.js';

const ACCURACY = '_accuracy';

export type SelectMetric = MetricInfo & Scorer & { slice: string | null };

/** What "best" means for this report: the select metric and mode, or the judged slice's accuracy, max. */
export function selectMetric(input: ReportInput): SelectMetric {
  return selectMetricOf(input.spec.report.select, slicesOf(input));
}

/** The same, from `report.select` (if any) and the evaluation slices, for readers without a whole spec (serve). */
export function selectMetricOf(select: SelectSpec | undefined, slices: string[]): SelectMetric {
  if (select && select.metric === 'final_loss') {
    return { name: 'final_loss', mode: select.mode, slice: null, score: (r) => finite(r.losses.at(-1)) };
  }
  const slice = select ? select.metric.slice(0, -ACCURACY.length) : judgedSlice(slices);
  return { name: `${slice}${ACCURACY}`, mode: select?.mode ?? 'max', slice, score: (r) => lastAccuracy(r, slice) };
}

function finite(x: number | undefined): number | null {
  return x !== undefined && Number.isFinite(x) ? x : null;
}

/** The best run by the select metric, or null when none has a score. */
export function bestBy(input: ReportInput): RunResult | null {
  return bestOf(input.results, selectMetric(input));
}

/** The best seed of the first ranked setting with a score (ranking.ts), or null. Pruned runs stopped early: never the best. */
export function bestOf(results: RunResult[], scorer: Scorer): RunResult | null {
  return rankSettings(results.filter((r) => r.status !== 'pruned'), scorer).find((s) => s.score !== null)?.best ?? null;
}
