/**
 * Successive halving (Jamieson and Talwalkar 2016; Li et al. 2017), synchronous so that it
 * is deterministic: every trial of a rung is measured before any decision, the best
 * 1/reduction of them by the select metric go on to the next rung, and ties go to the
 * earlier trial. Decisions depend only on the trials' scores at the rung, never on the
 * order in which runs finished, the concurrency, or an interruption.
 */

export interface HalvingSchedule {
  /** The first rung: every trial trains this many iterations. */
  min_iterations: number;
  /** Each rung keeps 1/reduction of the trials and trains them reduction times as long. */
  reduction: number;
}

/** Iterations at which the trials are ranked, then the full budget: R, R·η, R·η², ..., max. */
export function rungs(schedule: HalvingSchedule, maxIterations: number): number[] {
  const points: number[] = [];
  for (let at = schedule.min_iterations; at < maxIterations; at *= schedule.reduction) points.push(Math.round(at));
  return [...points, maxIterations];
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

/** The trials that go on from a rung, in trial order. */
export function promoted(scores: readonly RungScore[], reduction: number, mode: SelectMode): number[] {
  const better = (a: RungScore, b: RungScore): number => {
    if (a.score === null || b.score === null) return a.score === null ? (b.score === null ? a.trial - b.trial : 1) : -1;
    const difference = mode === 'max' ? b.score - a.score : a.score - b.score;
    return difference !== 0 ? difference : a.trial - b.trial;
  };
  const ranked = [...scores].sort(better);
  return ranked
    .slice(0, survivors(scores.length, reduction))
    .map((s) => s.trial)
    .sort((a, b) => a - b);
}

/**
 * Where each trial stops: the rung (its iteration count) where it was pruned, or the full
 * budget. `scoreAt(trial, iteration)` gives a trial's select metric at a rung.
 */
export function halve(
  trials: number,
  schedule: HalvingSchedule,
  maxIterations: number,
  mode: SelectMode,
  scoreAt: (trial: number, iteration: number) => number | null,
): { stopsAt: number[]; pruned: boolean[] } {
  const points = rungs(schedule, maxIterations);
  const stopsAt = new Array<number>(trials).fill(maxIterations);
  const pruned = new Array<boolean>(trials).fill(false);
  let alive = Array.from({ length: trials }, (_, t) => t);
  for (const at of points.slice(0, -1)) {
    const going = new Set(promoted(alive.map((trial) => ({ trial, score: finite(scoreAt(trial, at)) })), schedule.reduction, mode));
    for (const trial of alive) {
      if (going.has(trial)) continue;
      stopsAt[trial] = at;
      pruned[trial] = true;
    }
    alive = alive.filter((trial) => going.has(trial));
  }
  return { stopsAt, pruned };
}

function finite(score: number | null): number | null {
  return score !== null && Number.isFinite(score) ? score : null;
}

/** Iterations all trials train in total under the schedule (for the report's "spent" figure). */
export function iterationsSpent(stopsAt: readonly number[]): number {
  return stopsAt.reduce((sum, at) => sum + at, 0);
}
