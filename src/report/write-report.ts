/**
 * A plan's results -> results/<name>/, called by the runner once its runs are done:
 *   1. experiment.json: the spec, varying keys and reported runs (and the runs drawn on
 *      request, kept from the last report, and the runs whose models the folder commits
 *      when it leaves some out: kept-models.ts), so `report` can draw it all again;
 *   2. the report (render-report.ts): the pictures in charts/, runs.csv, README.md;
 *   3. timings.csv, unless `timings` is null (then the existing file is kept).
 * Every file is written atomically, and only when its text changed. Results are reported
 * in plan order. The run folders are the runner's: the report only reads them.
 */
import { join } from 'node:path';
import type { RunResult, RunTiming } from '../results/types.js';
import type { Plan } from '../spec/types.js';
import { readExperimentFile, writeExperimentFile } from './experiment-file.js';
import { closeUp } from './drawn-runs.js';
import { checkPictureFolders } from './picture-folders.js';
import { drawReport } from './render-report.js';
import type { ReportInput } from './report-input.js';
import { TIMINGS_FILE, timingsCsv } from './timings-file.js';
import { writeIfChanged } from './write-files.js';

export async function writeReport(
  resultsDir: string,
  plan: Plan,
  results: RunResult[],
  timings: RunTiming[] | null,
): Promise<void> {
  checkPictureFolders(resultsDir);
  const order = new Map(plan.runs.map((run, i) => [run.id, i]));
  const ordered = [...results].sort((a, b) => (order.get(a.run.id) ?? Infinity) - (order.get(b.run.id) ?? Infinity));
  const input: ReportInput = { spec: plan.spec, varying: plan.varying, results: ordered };
  const pictures = requestedBefore(resultsDir).filter((id) => order.has(id));
  const shown = closeUp(input, pictures);
  const runs = ordered.map((r) => ({ id: r.run.id, hash: r.run.hash }));
  writeExperimentFile(resultsDir, { format: 1, spec: plan.spec, varying: plan.varying, runs }, pictures, shown.models);
  await drawReport(resultsDir, input, shown);
  if (timings !== null) writeIfChanged(join(resultsDir, TIMINGS_FILE), timingsCsv(timings));
}

/** The runs the last report drew on request; none when its experiment.json is absent or damaged (it is rewritten). */
function requestedBefore(resultsDir: string): string[] {
  try {
    return readExperimentFile(resultsDir)?.pictures ?? [];
  } catch {
    return [];
  }
}
