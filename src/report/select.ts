/**
 * What "best" means in a report: `report.select` (a metric and whether higher or lower is
 * better), or by default the judged slice's last accuracy, higher being better. The star in
 * the table, the runs drawn up close, the best run's section and a search's rankings all use it.
 */
import type { RunResult } from '../results/types.js';
import type { MetricInfo } from './charts/search-charts.js';
import { judgedSlice, lastAccuracy } from './outcome.js';
import { slicesOf, type ReportInput } from './report-input.js';

const ACCURACY = '_accuracy';

/** What "best" means for this report: the select metric and mode, or the judged slice's accuracy, max. */
export function selectMetric(input: ReportInput): MetricInfo & { score(result: RunResult): number | null; slice: string | null } {
  const select = input.spec.report.select;
  if (select && select.metric === 'final_loss') {
    return { name: 'final_loss', mode: select.mode, slice: null, score: (r) => finite(r.losses.at(-1)) };
  }
  const slice = select ? select.metric.slice(0, -ACCURACY.length) : judgedSlice(slicesOf(input));
  return { name: `${slice}${ACCURACY}`, mode: select?.mode ?? 'max', slice, score: (r) => lastAccuracy(r, slice) };
}

function finite(x: number | undefined): number | null {
  return x !== undefined && Number.isFinite(x) ? x : null;
}


/** The best run by the select metric (the first of equals in plan order), or null when none has a score. Pruned runs stopped early: never the best. */
export function bestBy(input: ReportInput): RunResult | null {
  const metric = selectMetric(input);
  let best: RunResult | null = null;
  let bestScore = 0;
  for (const r of input.results) {
    if (r.status === 'pruned') continue;
    const score = metric.score(r);
    if (score === null) continue;
    if (best === null || (metric.mode === 'max' ? score > bestScore : score < bestScore)) [best, bestScore] = [r, score];
  }
  return best;
}
