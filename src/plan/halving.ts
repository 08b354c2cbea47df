/**
 * Successive halving (Jamieson and Talwalkar 2016; Li et al. 2017), synchronous so that it
 * is deterministic: every trial of a rung is measured before any decision, the best
 * 1/reduction of them by the select metric go on to the next rung, and ties go to the
 * earlier trial. Decisions depend only on the trials' scores at the rung, never on the
 * order in which runs finished, the concurrency, or an interruption.
 */
import { trainingSize } from '../spec/train-slice.js';
import type { Plan, PlannedRun, ScheduleSpec, TrainSliceSpec } from '../spec/types.js';
import { iterationsPerEpoch } from './epochs.js';

export interface HalvingSchedule {
  /** The first rung: every trial trains up to this iteration's evaluation (R + 1 updates, as iterations count from 0). */
  min_iterations: number;
  /** Each rung keeps 1/reduction of the trials and trains them reduction times as long. */
  reduction: number;
}

/**
 * The iterations whose evaluations rank the trials: R, R·η, R·η², ... before the run's last
 * iteration (`iterations` - 1), whose evaluation is the final one. Iteration i's evaluation
 * comes after i + 1 updates (the seed's: evaluated after the update, iteration 0 included).
 */
export function rungs(schedule: HalvingSchedule, iterations: number): number[] {
  const points: number[] = [];
  for (let at = schedule.min_iterations; at < iterations - 1; at *= schedule.reduction) points.push(at);
  return points;
}

/** A trial's score at a rung; null when it has none (it diverged, or its metric is NaN): it ranks last. */
export interface RungScore {
  trial: number;
  score: number | null;
}

export type SelectMode = 'max' | 'min';

/** How many of `count` trials go on from a rung: count / reduction, rounded down, at least one. */
export function survivors(count: number, reduction: number): number {
  return Math.max(1, Math.floor(count / reduction));
}

/** Best first: by score (none last), ties by trial order. */
export function rankOrder(mode: SelectMode): (a: RungScore, b: RungScore) => number {
  return (a, b) => {
    if (a.score === null || b.score === null) return a.score === null ? (b.score === null ? a.trial - b.trial : 1) : -1;
    const difference = mode === 'max' ? b.score - a.score : a.score - b.score;
    return difference !== 0 ? difference : a.trial - b.trial;
  };
}

/** The trials that go on from a rung, in trial order. */
export function promoted(scores: readonly RungScore[], reduction: number, mode: SelectMode): number[] {
  const ranked = [...scores].sort(rankOrder(mode));
  return ranked
    .slice(0, survivors(scores.length, reduction))
    .map((s) => s.trial)
    .sort((a, b) => a - b);
}

/**
 * How many iterations each trial trains: up to the rung where it was pruned (rung + 1), or
 * all of them. `scoreAt(trial, iteration)` gives a trial's select metric at a rung.
 */
export function halve(
  trials: number,
  schedule: HalvingSchedule,
  iterations: number,
  mode: SelectMode,
  scoreAt: (trial: number, iteration: number) => number | null,
): { trained: number[]; pruned: boolean[] } {
  const trained = new Array<number>(trials).fill(iterations);
  const pruned = new Array<boolean>(trials).fill(false);
  let alive = Array.from({ length: trials }, (_, t) => t);
  for (const at of rungs(schedule, iterations)) {
    const going = new Set(promoted(alive.map((trial) => ({ trial, score: finite(scoreAt(trial, at)) })), schedule.reduction, mode));
    for (const trial of alive) {
      if (going.has(trial)) continue;
      trained[trial] = at + 1;
      pruned[trial] = true;
    }
    alive = alive.filter((trial) => going.has(trial));
  }
  return { trained, pruned };
}

function finite(score: number | null): number | null {
  return score !== null && Number.isFinite(score) ? score : null;
}

/**
 * Iterations `trials` trials train in total under the schedule, whatever their scores (the
 * counts at each rung do not depend on them): n_k trials reach rung k, n_{k+1} = max(1,
 * floor(n_k / η)); the n_k - n_{k+1} stopped there train r_k + 1 iterations, the last n
 * train them all.
 */
export function iterationsSpent(trials: number, schedule: HalvingSchedule, iterations: number): number {
  let alive = trials;
  let spent = 0;
  for (const at of rungs(schedule, iterations)) {
    const going = survivors(alive, schedule.reduction);
    spent += (alive - going) * (at + 1);
    alive = going;
  }
  return spent + alive * iterations;
}

/** The schedule of one run, in its iterations: min_epochs times its epoch's iterations, or min_iterations. */
export function runSchedule(schedule: ScheduleSpec, config: { data: { train: TrainSliceSpec }; training: { batch_size: number } }): HalvingSchedule {
  const min = schedule.min_iterations ?? (schedule.min_epochs ?? 1) * iterationsPerEpoch(trainingSize(config.data.train), config.training.batch_size);
  return { min_iterations: min, reduction: schedule.reduction };
}
/** The groups halved apart: one per grid point and repeat, each in trial order. */
export function halvingGroups(plan: Plan): PlannedRun[][] {
  const searched = new Set(Object.keys(plan.spec.search?.space ?? {}));
  const groups = new Map<string, PlannedRun[]>();
  for (const run of plan.runs) {
    const key = JSON.stringify(Object.entries(run.values).filter(([k]) => !searched.has(k)));
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()];
}


/** What a plan's schedule does: the first group's rungs and run length, and the iterations of all groups, halved and in full. */
export function halvingBudget(plan: Plan, schedule: ScheduleSpec): { rungs: number[]; iterations: number; spent: number; full: number } {
  const groups = halvingGroups(plan);
  const first = groups[0][0].config;
  let spent = 0;
  let full = 0;
  for (const group of groups) {
    const { config } = group[0];
    spent += iterationsSpent(group.length, runSchedule(schedule, config), config.training.iterations);
    full += group.reduce((sum, run) => sum + run.config.training.iterations, 0);
  }
  return { rungs: rungs(runSchedule(schedule, first), first.training.iterations), iterations: first.training.iterations, spent, full };
}
