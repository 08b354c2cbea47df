/**
 * `search.schedule`: its first rung given once (min_iterations, or min_epochs when training
 * is in epochs), at an evaluation point before each run's last iteration, and the run's
 * length not searched (every trial is ranked at the same rungs). Placed at the key.
 */
import { runSchedule } from '../plan/halving.js';
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

/** What is wrong with the schedule for one run (its iterations resolved): its first rung must be an evaluation point before its last iteration. */
export function checkScheduleRun(run: ExperimentSpec, schedule: ScheduleSpec, at: ProblemAt): Problem[] {
  const key = schedule.min_iterations !== undefined ? 'min_iterations' : 'min_epochs';
  const path = ['search', 'schedule', key];
  const { eval_every: every, iterations } = run.training;
  const rung = runSchedule(schedule, run).min_iterations;
  if (every <= 0) return [at(['training', 'eval_every'], 'value', specMessages.scheduleNoEvaluation())];
  if (rung % every !== 0) return [at(path, 'value', specMessages.scheduleOffEvaluation(key, rung, every))];
  if (rung >= iterations - 1) return [at(path, 'value', specMessages.scheduleTooLate(key, rung, iterations))];
  return [];
}

function isMapping(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
