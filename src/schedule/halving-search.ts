/**
 * Successive halving of a search's trials, synchronously (plan/halving.ts decides): every
 * trial of a group (the trials of one grid point and repeat) is brought to the first rung;
 * once all are there, the best 1/reduction go on to the next rung and the others are written
 * `pruned`; and so on, then the last ones train to the end. Bringing a trial to a rung may
 * mean nothing at all (its cached result or its checkpoint is past it), continuing it from
 * its checkpoint, or training it from iteration 0: the scores at each rung, hence the
 * decisions, are the same whichever.
 */
import type { TrainCheckpoint } from '../core/train.js';
import { promoted, rankOrder, rungs, runSchedule } from '../plan/halving.js';
export { halvingGroups } from '../plan/halving.js';
import type { RunResult } from '../results/types.js';
import type { PlannedRun, ScheduleSpec } from '../spec/types.js';
import { checkpointMessages as m } from './checkpoint-messages.js';

/** Where a trial is: its final result (its folder written, or cached), or its checkpoint at or past the rung asked for. */
export type Reached = { result: RunResult } | { checkpoint: TrainCheckpoint };

export interface HalvingSteps {
  /** Brings a run to the evaluation at `pauseAfter` (null: to its end); null when interrupted. */
  reach(run: PlannedRun, pauseAfter: number | null): Promise<Reached | null>;
  /** Writes a run pruned at a rung (its curve up to there), saying why. */
  prune(result: RunResult, detail: string): void;
  /** Says that a run's folder, from an earlier search, went past the rung where this one prunes it, and is kept as it is. */
  kept(result: RunResult, at: number): void;
  /** A run's select metric on a result (truncated at a rung); null when it has none. */
  score(result: RunResult): number | null;
  mode: 'max' | 'min';
  metric: string;
}

/** Halves one group; resolves false when interrupted before it was done. */
export async function halveGroup(runs: PlannedRun[], schedule: ScheduleSpec, steps: HalvingSteps): Promise<boolean> {
  const rungsOf = new Map(runs.map((run) => [run.id, rungs(runSchedule(schedule, run.config), run.config.training.iterations)]));
  const count = Math.min(...runs.map((run) => rungsOf.get(run.id)!.length));
  let alive = runs;
  for (let k = 0; k < count && alive.length > 0; k++) {
    const reached = await Promise.all(alive.map((run) => steps.reach(run, rungsOf.get(run.id)![k])));
    if (reached.includes(null)) return false;
    const atRung = alive.map((run, i) => upTo(run, reached[i]!, rungsOf.get(run.id)![k]));
    const scores = atRung.map((result, trial) => ({ trial, score: steps.score(result) }));
    const going = new Set(promoted(scores, schedule.reduction, steps.mode));
    const ranked = [...scores].sort(rankOrder(steps.mode));
    alive.forEach((run, i) => {
      const state = reached[i]!;
      // a cached final result stays as it is; a run still going is pruned here
      if (going.has(i)) return;
      const at = rungsOf.get(run.id)![k];
      if ('result' in state) {
        // one that went past the rung was decided by another search (other rungs, metric or trials): never cut back
        if (state.result.losses.length - 1 > at) steps.kept(state.result, at);
        return;
      }
      const rank = ranked.findIndex((s) => s.trial === i) + 1;
      steps.prune({ ...atRung[i], status: 'pruned', prunedAt: at }, m.prunedDetail(at, steps.metric, scores[i].score, rank, alive.length, going.size));
    });
    // on: the promoted runs, those whose final result is cached too: they count at the next rung as
    // they did when trained (reaching a rung costs them nothing), or the rung would keep more
    // (a cached pruned one that is promoted now trains again)
    alive = alive.filter((_, i) => going.has(i));
  }
  const ended = await Promise.all(alive.map((run) => steps.reach(run, null)));
  return !ended.includes(null);
}

/** A run's result as it stood at a rung's evaluation: its losses up to there and its evaluations up to there. */
function upTo(run: PlannedRun, reached: Reached, at: number): RunResult {
  const source = 'result' in reached
    ? reached.result
    : { run, status: 'interrupted' as const, losses: Array.from(reached.checkpoint.losses), evaluations: reached.checkpoint.evaluations, divergedAt: null, error: null };
  const losses = source.losses.slice(0, at + 1);
  const evaluations = source.evaluations.filter((e) => e.iteration <= at);
  // a run that ended before the rung (diverged, failed) has no evaluation there: no score
  const scored = evaluations.at(-1)?.iteration === at;
  return { run, status: source.status, losses, evaluations: scored ? evaluations : [], divergedAt: source.divergedAt, error: source.error };
}
