/** Every message between the main thread and a training worker, in one place. */
import type { SharedDataset } from '../core/shared-dataset.js';
import type { RunConfig } from '../spec/types.js';
import type { Mistake } from '../analysis/mistakes.js';
import type { Evaluation } from '../results/types.js';

/** Sent once, as the worker's workerData. */
export interface WorkerSetup {
  shared: SharedDataset;
  /** Int32Array over a SharedArrayBuffer: slot 0 set to 1 asks the current run to stop. */
  stop: Int32Array;
}

export type ToWorker = { type: 'train'; runId: string; hash: string; config: RunConfig };

export type FromWorker =
  | { type: 'started'; runId: string; iterations: number }
  | { type: 'progress'; runId: string; iteration: number; loss: number }
  | { type: 'evaluation'; runId: string; evaluation: Evaluation }
  | {
      type: 'done';
      runId: string;
      status: 'completed' | 'diverged' | 'stopped';
      losses: Float64Array;
      evaluations: Evaluation[];
      divergedAt: number | null;
      seconds: number;
      /** The saved model's files (completed runs only), by name. */
      files: Record<string, string | Uint8Array>;
      /** Each evaluation slice's predicted classes at the last evaluation. */
      predictions: Record<string, Uint8Array>;
      /** The most confidently wrong images of one slice (indices in its split), completed runs only. */
      mistakes: { slice: string; list: Mistake[] } | null;
    }
  | { type: 'failed'; runId: string; error: string };
