/**
 * `search.schedule`: its first rung given once (min_iterations, or min_epochs when training
 * is in epochs), at an evaluation point before each run's last iteration, and the run's
 * length not searched (every trial is ranked at the same rungs). Placed at the key.
 */
import { runSchedule } from '../plan/halving.js';
import { judgedSlice } from '../report/outcome.js';
import { evaluationSlices } from './evaluation-slices.js';
import { problemAtPath, type Source } from './locate.js';
import { specMessages } from './messages.js';
import type { RawSpec } from './normalize.js';
import type { Problem } from './problem.js';
import type { ProblemAt } from './semantic.js';
import type { ExperimentSpec, ScheduleSpec } from './types.js';

const LENGTH_KEYS = ['training.iterations', 'training.epochs'];

/** What is wrong with the schedule as written, whatever the runs. */
export function checkScheduleShape(raw: RawSpec, source: Source): Problem[] {
  const schedule = raw.search?.schedule;
  if (!isMapping(schedule)) return [];
  const at = ['search', 'schedule'];
  if ((schedule.min_iterations === undefined) === (schedule.min_epochs === undefined)) {
    return [problemAtPath(source, at, 'key', specMessages.scheduleRungOnce())];
  }
  if (schedule.min_epochs !== undefined && raw.training?.epochs === undefined) {
    return [problemAtPath(source, [...at, 'min_epochs'], 'key', specMessages.scheduleEpochsWithoutEpochs())];
  }
  const space = isMapping(raw.search?.space) ? raw.search.space : {};
  return LENGTH_KEYS.filter((key) => Object.hasOwn(space, key)).map((key) =>
    problemAtPath(source, ['search', 'space', key], 'key', specMessages.scheduleSearchedLength(key)));
}

/**
 * What is wrong with the schedule for one run (its iterations resolved): its first rung must
 * be an evaluation point before its last iteration, and the metric it ranks trials by must be
 * measured there (not only at the end, where no trial would have a score at any rung and the
 * trials would be promoted by their order).
 */
export function checkScheduleRun(run: ExperimentSpec, schedule: ScheduleSpec, at: ProblemAt): Problem[] {
  const key = schedule.min_iterations !== undefined ? 'min_iterations' : 'min_epochs';
  const path = ['search', 'schedule', key];
  const { eval_every: every, iterations } = run.training;
  const rung = runSchedule(schedule, run).min_iterations;
  if (every <= 0) return [at(['training', 'eval_every'], 'value', specMessages.scheduleNoEvaluation())];
  if (rung % every !== 0) return [at(path, 'value', specMessages.scheduleOffEvaluation(key, rung, every))];
  if (rung >= iterations - 1) return [at(path, 'value', specMessages.scheduleTooLate(key, rung, iterations))];
  const select = run.report.select;
  if (select?.metric === 'final_loss') return [];
  const slices = evaluationSlices(run.data);
  const ranked = select ? select.metric.slice(0, -ACCURACY.length) : judgedSlice(slices.map((s) => s.name));
  if (ranked === null || !slices.find((s) => s.name === ranked)?.endOnly) return [];
  const measured = slices.filter((s) => !s.endOnly).map((s) => `${s.name}${ACCURACY}`);
  return select
    ? [at(['report', 'select', 'metric'], 'value', specMessages.scheduleEndOnlyMetric(select.metric, ranked, measured))]
    : [at(['search', 'schedule'], 'key', specMessages.scheduleEndOnlyDefault(`${ranked}${ACCURACY}`, ranked, measured))];
}

const ACCURACY = '_accuracy';

function isMapping(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
