import type { PlannedRun } from '../spec/types.js';

/** How a run ended. A diverged run is a result, not an error; a pruned one was stopped by successive halving (plan/halving.ts). */
export type RunStatus = 'completed' | 'diverged' | 'failed' | 'interrupted' | 'pruned';

/** One evaluation: accuracy on each named slice, at an iteration. */
export interface Evaluation {
  iteration: number;
  /** iteration * batch_size / train slice size (the seed's "epoch": 100 iterations of 100 on 10,000 images). */
  epoch: number;
  /** Slice name -> fraction correct, in the spec's slice order. */
  accuracy: Record<string, number>;
}

/** Everything a run produced, as written to and read back from results/<name>/runs/<run>/. */
export interface RunResult {
  run: PlannedRun;
  status: RunStatus;
  /** losses[i] is the loss of iteration i's batch, recorded after the update. */
  losses: number[];
  evaluations: Evaluation[];
  /** The iteration whose loss became NaN or infinite, or null. */
  divergedAt: number | null;
  /** Why a run failed, or null. */
  error: string | null;
  /** A pruned run's rung: the iteration of the evaluation it was ranked on (its last). Absent otherwise. */
  prunedAt?: number;
}

/** Wall-clock figures: kept apart from every other result, in timings.csv. */
export interface RunTiming {
  run: string;
  seconds: number;
}
