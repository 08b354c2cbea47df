/** One sentence on what happened to a run, and the accuracy it is judged by. */
import type { RunResult } from '../results/types.js';
import { TRAINING_DEFAULTS } from '../spec/defaults.js';
import { reportMessages } from './messages.js';

/** The slice a run is judged on: `test` when there is one, else the last slice. */
export function judgedSlice(slices: string[]): string | null {
  return slices.includes('test') ? 'test' : (slices.at(-1) ?? null);
}

/** The accuracy of the last evaluation on `slice`, or null when there is none. */
export function lastAccuracy(result: RunResult, slice: string | null): number | null {
  const value = slice === null ? undefined : result.evaluations.at(-1)?.accuracy[slice];
  return value === undefined || Number.isNaN(value) ? null : value;
}

export function outcome(result: RunResult): string {
  const iterations = result.losses.length;
  switch (result.status) {
    case 'completed': {
      const slice = judgedSlice(Object.keys(result.evaluations.at(-1)?.accuracy ?? {}));
      return reportMessages.outcomeCompleted(slice, lastAccuracy(result, slice), iterations, result.losses.at(-1) ?? null);
    }
    case 'diverged':
      return reportMessages.outcomeDiverged(
        result.divergedAt ?? iterations - 1,
        result.losses[result.divergedAt ?? iterations - 1],
        result.run.config.training.divergence ?? TRAINING_DEFAULTS.divergence,
      );
    case 'failed':
      return reportMessages.outcomeFailed(result.error === null ? null : result.error.split('\n')[0]);
    case 'interrupted':
      return reportMessages.outcomeInterrupted(iterations);
    case 'pruned': {
      const slice = judgedSlice(Object.keys(result.evaluations.at(-1)?.accuracy ?? {}));
      return reportMessages.outcomePruned(slice, lastAccuracy(result, slice), result.prunedAt ?? iterations - 1);
    }
  }
}
