/**
 * Which runs get pictures of their own (a chart, confusion matrices, mistakes): the best
 * few, by the report's notion of best (report.select; by default the highest last accuracy
 * on the judged slice, the lowest final loss where nothing was evaluated), and any run asked for with
 * `report DIR --run ID` (remembered in experiment.json). Every run keeps its data.
 */
import type { RunResult } from '../results/types.js';
import { keptModels } from './kept-models.js';
import { rankRuns, rankSettings, type Scorer } from './ranking.js';
import type { ReportInput } from './report-input.js';
import { selectMetric } from './select.js';

/** Runs drawn up close without being asked for. */
export const BEST_FEW = 3;

/** What a report shows up close: its runs, and the models its folder keeps (kept-models.ts; null: every model). */
export interface CloseUp {
  runs: string[];
  models: string[] | null;
}

/** Worked out once by each writer of a report, for experiment.json and for the report itself. */
export function closeUp(input: ReportInput, requested: string[]): CloseUp {
  const runs = drawnRuns(input, requested);
  return { runs, models: keptModels(input, runs) };
}

/**
 * The runs from best to worst: each setting's best seed, settings from best to worst (ranking.ts:
 * diverged and failed after those that finished), then, with repeats, their other seeds in the
 * same order, each setting's best first. Runs with nothing to judge them by are left out.
 */
export function rankedRuns(input: ReportInput): RunResult[] {
  const metric = selectMetric(input);
  const scorer = input.spec.report.select !== undefined || input.results.some((r) => metric.score(r) !== null) ? metric : LOWEST_LOSS;
  const settings = rankSettings(input.results, scorer).filter((s) => scorer.score(s.best) !== null);
  const others = settings.flatMap((s) => rankRuns(s.runs.filter((r) => r !== s.best), scorer));
  return [...settings.map((s) => s.best), ...others.filter((r) => scorer.score(r) !== null)];
}

/** Where nothing was evaluated: the last finite loss of a run that did not fail, lower being better. */
const LOWEST_LOSS: Scorer = {
  mode: 'min',
  score: (r) => {
    const loss = r.losses.at(-1);
    return r.status !== 'failed' && loss !== undefined && Number.isFinite(loss) ? loss : null;
  },
};

/** The ids of the runs drawn up close, in plan order: the best few and those `requested`. */
export function drawnRuns(input: ReportInput, requested: string[] = []): string[] {
  const chosen = new Set([...rankedRuns(input).slice(0, BEST_FEW).map((r) => r.run.id), ...requested]);
  return input.results.filter((r) => chosen.has(r.run.id)).map((r) => r.run.id);
}
