/**
 * A plan's results -> results/<name>/, called by the runner once its runs are done:
 *   1. experiment.json: the spec, varying keys and reported runs, so `report` can redraw;
 *   2. render: runs.csv, the comparison charts (charts/), one chart per run, README.md
 *      (with the best run's confusion matrix and mistakes, read from its folder);
 *   3. timings.csv, unless `timings` is null (then the existing file is kept).
 * Every file is written atomically. Results are reported in plan order. The run folders are
 * the runner's: the report reads them and adds each run's chart.svg, and never creates,
 * deletes or rewrites them (the runner wrote each as its run ended).
 */
import { join } from 'node:path';
import type { RunResult, RunTiming } from '../results/types.js';
import type { Plan } from '../spec/types.js';
import { readBestRunAnalysis } from './best-run.js';
import { EXPERIMENT_FILE, experimentJson } from './experiment-file.js';
import { renderReport } from './render-report.js';
import type { ReportInput } from './report-input.js';
import { TIMINGS_FILE, timingsCsv } from './timings-file.js';
import { writeIfChanged, writeRenderedReport } from './write-files.js';

export async function writeReport(
  resultsDir: string,
  plan: Plan,
  results: RunResult[],
  timings: RunTiming[] | null,
): Promise<void> {
  const order = new Map(plan.runs.map((run, i) => [run.id, i]));
  const ordered = [...results].sort((a, b) => (order.get(a.run.id) ?? Infinity) - (order.get(b.run.id) ?? Infinity));
  const input: ReportInput = { spec: plan.spec, varying: plan.varying, results: ordered };
  writeIfChanged(
    join(resultsDir, EXPERIMENT_FILE),
    experimentJson({
      format: 1,
      spec: plan.spec,
      varying: plan.varying,
      runs: ordered.map((r) => ({ id: r.run.id, hash: r.run.hash })),
    }),
  );
  input.analysis = readBestRunAnalysis(resultsDir, input);
  writeRenderedReport(resultsDir, await renderReport(input));
  if (timings !== null) writeIfChanged(join(resultsDir, TIMINGS_FILE), timingsCsv(timings));
}
