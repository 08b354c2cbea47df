/** What the pages fetch: experiments, their runs and charts, and runs picked for comparison, as JSON. */
import { judgedSlice } from '../report/outcome.js';
import type { TopLevelSpec } from 'vega-lite';
import { accuracyChart } from './charts/accuracy.js';
import { lossChart } from './charts/loss.js';
import { parallelChart } from './charts/parallel.js';
import type { Series } from './charts/series.js';
import { findExperiment, findExperiments, readExperiment, type Experiment } from './experiments.js';
import { runRow, settingsText, summary, type ExperimentSummary, type RunRow } from './summaries.js';

export interface ExperimentDetail extends ExperimentSummary {
  description: string;
  varying: string[];
  slices: string[];
  runs: RunRow[];
  charts: { loss: TopLevelSpec; accuracy: TopLevelSpec; parallel: TopLevelSpec | null };
}

export function experimentList(root: string): ExperimentSummary[] {
  return findExperiments(root).map((folder) => summary(readExperiment(folder)));
}

export function experimentDetail(root: string, id: string): ExperimentDetail | null {
  const folder = findExperiment(root, id);
  if (!folder) return null;
  const experiment = readExperiment(folder);
  const runs = experiment.results.map((r) => runRow(experiment, r));
  const series = seriesOf(experiment, runs, (row) => row.run);
  return {
    ...summary(experiment),
    description: experiment.description,
    varying: experiment.varying,
    slices: experiment.slices,
    runs,
    charts: {
      loss: lossChart(series),
      accuracy: accuracyChart(series, experiment.slices),
      parallel: parallelChart(series, experiment.varying, judgedSlice(experiment.slices)),
    },
  };
}

/** Every run of every experiment, for the compare view's picker. */
export function allRuns(root: string): RunRow[] {
  return findExperiments(root).flatMap((folder) => {
    const experiment = readExperiment(folder);
    return experiment.results.map((r) => runRow(experiment, r));
  });
}

/** `picked` as `experiment/run`; unknown ones are left out. */
export function comparison(root: string, picked: string[]): { runs: RunRow[]; charts: { loss: TopLevelSpec; accuracy: TopLevelSpec } } {
  const experiments = new Map<string, Experiment>();
  const series: Series[] = [];
  const runs: RunRow[] = [];
  const slices: string[] = [];
  for (const label of picked) {
    const [id, run] = label.split('/');
    if (!experiments.has(id)) {
      const folder = findExperiment(root, id);
      if (folder) experiments.set(id, readExperiment(folder));
    }
    const experiment = experiments.get(id);
    const result = experiment?.results.find((r) => r.run.id === run);
    if (!experiment || !result || series.some((s) => s.label === label)) continue;
    const row = runRow(experiment, result);
    runs.push(row);
    series.push({ label, settings: settingsText(row), result });
    slices.push(...experiment.slices.filter((s) => !slices.includes(s)));
  }
  return { runs, charts: { loss: lossChart(series), accuracy: accuracyChart(series, slices) } };
}

function seriesOf(experiment: Experiment, rows: RunRow[], label: (row: RunRow) => string): Series[] {
  return experiment.results.map((result, i) => ({ label: label(rows[i]), settings: settingsText(rows[i]), result }));
}
