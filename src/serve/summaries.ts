/**
 * Experiments and runs as the pages show them: plain JSON (numbers, strings, null), the
 * same figures runs.csv holds, so a page never computes what the results already say.
 */
import { lastAccuracy } from '../report/outcome.js';
import { bestOf, selectMetricOf } from '../report/select.js';
import { valueText } from '../report/words.js';
import { join } from 'node:path';
import { hasSavedModel } from '../model/saved-files.js';
import { RUNS_FOLDER } from '../results/run-folder.js';
import type { RunResult } from '../results/types.js';
import { statusText, type Experiment } from './experiments.js';

export interface RunRow {
  experiment: string;
  run: string;
  /** Each varying key's value as text, in the experiment's order. */
  values: Record<string, string>;
  status: string;
  finalLoss: number | null;
  /** The last evaluation's accuracy on each slice (null when none, or not a number). */
  accuracy: Record<string, number | null>;
  divergedAt: number | null;
  /** The run's folder under /files/, e.g. `lr-comparison/runs/lr-0.5/`. */
  files: string;
  /** Completed runs save a model (a clone may lack those the report did not draw): these get a drawing page. */
  hasModel: boolean;
}

export interface ExperimentSummary {
  id: string;
  name: string;
  status: string;
  running: boolean;
  /** Run folders written so far. */
  finished: number;
  planned: number | null;
  /** The best run as the README's star names it (report/select.ts), by `metric`: `<slice>_accuracy` or `final_loss`. */
  best: {
    run: string;
    metric: string;
    mode: 'max' | 'min';
    /** Its `metric` at the last evaluation. */
    value: number;
    /** The slice of an accuracy metric, else null. */
    slice: string | null;
    /** Its last accuracy on `slice`, else null. */
    accuracy: number | null;
  } | null;
}

export function runRow(experiment: Experiment, result: RunResult): RunRow {
  const finalLoss = result.losses.at(-1);
  return {
    experiment: experiment.id,
    run: result.run.id,
    values: Object.fromEntries(experiment.varying.map((k) => [k, valueText(result.run.values[k])])),
    status: result.status,
    finalLoss: finalLoss !== undefined && Number.isFinite(finalLoss) ? finalLoss : null,
    accuracy: Object.fromEntries(experiment.slices.map((s) => [s, lastAccuracy(result, s)])),
    divergedAt: result.divergedAt,
    files: `${experiment.path}${RUNS_FOLDER}/${result.run.id}/`,
    hasModel: result.status === 'completed' && hasSavedModel(join(experiment.dir, RUNS_FOLDER, result.run.id)),
  };
}

export function summary(experiment: Experiment): ExperimentSummary {
  const metric = selectMetricOf(experiment.select, experiment.slices);
  const best = bestOf(experiment.results, metric);
  const value = best && metric.score(best);
  return {
    id: experiment.id,
    name: experiment.name,
    status: statusText(experiment),
    running: experiment.status === 'running',
    finished: experiment.results.length,
    planned: experiment.planned,
    best: best && value !== null
      ? { run: best.run.id, metric: metric.name, mode: metric.mode, value, slice: metric.slice, accuracy: metric.slice === null ? null : value }
      : null,
  };
}

/** A run's varying values in one line, for tooltips: "learning rate 0.5, hidden sizes [50]". */
export function settingsText(row: RunRow): string {
  return Object.entries(row.values).map(([k, v]) => `${k}=${v}`).join(', ');
}
