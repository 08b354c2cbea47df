/** Every message between the main thread and a training worker, in one place. */
import type { Mistake } from '../analysis/mistakes.js';
import type { DeadUnits } from '../core/dead-units.js';
import type { ScoreCarry } from '../core/score-carry.js';
import type { SharedDataset } from '../core/shared-dataset.js';
import type { TrainCheckpoint } from '../core/train.js';
import type { RunConfig } from '../spec/types.js';

/** Sent once, as the worker's workerData: workers start before the dataset is loaded. */
export interface WorkerSetup {
  /** Int32Array over a SharedArrayBuffer: slot 0 set to 1 asks the current run to stop. */
  stop: Int32Array;
}

/** Sent to every worker before its first task: the dataset, once loaded, in the memory the workers share. */
export interface WorkerDataset {
  type: 'dataset';
  shared: SharedDataset;
}

/** A network's parameters at an evaluation point, copied out of the training worker. */
export interface Snapshot {
  iteration: number;
  epoch: number;
  /** The last iteration's: its evaluation also gives each slice's predictions. */
  last: boolean;
  /** Every tensor of the network (parameters and running statistics), in `Network.tensors()` order. */
  tensors: { name: string; data: Float32Array | Float64Array }[];
  /** Where the run is, to continue it from here (its evaluations left empty), when the train request asked for checkpoints. */
  checkpoint: TrainCheckpoint | null;
}

export type ToWorker =
  /**
   * `cancel`: Int32Array over a SharedArrayBuffer; slot 0 set to 1 asks this run alone to stop.
   * `resume`: continue from this checkpoint; `pauseAfter`: pause after this iteration (an
   * evaluation point); `checkpoints`: hand a checkpoint over with each snapshot.
   */
  | { type: 'train'; runId: string; hash: string; config: RunConfig; cancel: Int32Array; resume: TrainCheckpoint | null; pauseAfter: number | null; checkpoints: boolean }
  /**
   * Snapshots of one run, evaluated in order, each answered by an `evaluated` as it is done.
   * `deadUnits`: what an earlier evaluation of the run proved (Evaluator), for the first to
   * skip; `carries`: an earlier evaluation's certificates (score-carry.ts), moved here, not
   * copied ({}: none yet); null: carry none (another evaluation of the run has them). Each
   * snapshot after the first gets what the one before it left.
   */
  | { type: 'evaluate'; runId: string; config: RunConfig; snapshots: Snapshot[]; deadUnits: Record<string, DeadUnits>; carries: Record<string, ScoreCarry> | null };

export type FromWorker =
  | { type: 'started'; runId: string; iterations: number }
  | { type: 'progress'; runId: string; iteration: number; loss: number }
  /** The training worker has reached an evaluation point; any worker may evaluate it. */
  | { type: 'snapshot'; runId: string; snapshot: Snapshot }
  | {
      type: 'done';
      runId: string;
      /** `paused`: at `pauseAfter`, its checkpoint the last snapshot's. */
      status: 'completed' | 'diverged' | 'stopped' | 'paused';
      losses: Float64Array;
      divergedAt: number | null;
      /** The saved model's files (completed runs only), by name. */
      files: Record<string, string | Uint8Array>;
      /** The most confidently wrong images of one slice (indices in its split), completed runs only. */
      mistakes: { slice: string; list: Mistake[] } | null;
    }
  | {
      type: 'evaluated';
      runId: string;
      iteration: number;
      epoch: number;
      accuracy: Record<string, number>;
      /** Each slice's predicted classes; for the last snapshot only. */
      predictions: Record<string, Uint8Array> | null;
      /**
       * The hidden units this evaluation proved dead on each slice, and (the last of a request,
       * null before it: the next snapshot of the request takes them) its images' certificates,
       * for the run's next evaluations.
       */
      deadUnits: Record<string, DeadUnits>;
      carries: Record<string, ScoreCarry> | null;
    }
  | { type: 'failed'; runId: string; error: string };
