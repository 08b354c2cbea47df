/**
 * How a run is executed, apart from which runs to execute (Hydra's launcher apart from its
 * sweeper): the experiment plans, skips cached runs and writes results; an executor trains
 * one run, here in a worker-thread pool (local-executor.ts) or on a queue of remote workers
 * (queue/queue-executor.ts), and hands back the run's result and files.
 */
import type { TrainCheckpoint } from '../core/train.js';
import type { FileData } from '../results/atomic.js';
import type { Evaluation, RunResult } from '../results/types.js';
import type { Plan, PlannedRun } from '../spec/types.js';

/** What an executor reports while a run trains, in order. */
export interface RunEvents {
  started(iterations: number): void;
  progress(iteration: number, loss: number): void;
  /** A snapshot of the weights was handed over to be evaluated. */
  snapshot(): void;
  /** Training is over; the run is now evaluating its last snapshots, or analysing its results. */
  phase(phase: 'evaluating' | 'analysing'): void;
  evaluated(evaluation: Evaluation): void;
  /**
   * Where the run can be continued from, at an evaluation point (not the last), once every
   * evaluation up to it is in (the checkpoint holds them). Only asked of executors that can
   * continue runs (the local one); those that can't never call it.
   */
  checkpoint?(checkpoint: TrainCheckpoint): void;
}

/** How far to train: from a checkpoint of the run (else from the start), and up to `pauseAfter` (an evaluation point), else to the end. */
export interface ExecuteOptions {
  resume?: TrainCheckpoint;
  pauseAfter?: number;
  /** Stops this run alone at its next iteration. */
  signal?: AbortSignal;
}

/** A run that reached `pauseAfter`: its checkpoint there, evaluations included. */
export interface PausedRun {
  paused: TrainCheckpoint;
  /** Wall-clock seconds of this stretch of training. */
  seconds: number;
}

/** A run's outcome: its result (`interrupted` when stopped midway) and the files its folder holds beside the run files. */
export interface ExecutedRun {
  result: RunResult;
  /** model.safetensors, confusion and mistakes files, by name; empty unless completed. */
  files: Record<string, FileData>;
  /** Wall-clock seconds of training, or null (failed runs have no timing). */
  seconds: number | null;
}

export interface RunExecutor {
  /**
   * Trains a run; resolves with how it ended (never rejects), or null when stopped before it
   * started. An executor that can't continue runs ignores `options` and trains the whole run
   * (the same result); only one that can is given `pauseAfter` (see `canPause`).
   */
  execute(run: PlannedRun, events: RunEvents, options?: ExecuteOptions): Promise<ExecutedRun | PausedRun | null>;
  /** Whether runs can be paused at an evaluation point and continued from their checkpoint. */
  readonly canPause: boolean;
  /** Starts no more runs and stops the running ones at their next iteration. */
  stop(): void;
  close(): Promise<void>;
}

/** Makes the executor of a plan's runs; `concurrency` is the number of runs at once where the executor decides it. */
export type ExecutorFactory = (plan: Plan, concurrency: number | undefined) => RunExecutor | Promise<RunExecutor>;
