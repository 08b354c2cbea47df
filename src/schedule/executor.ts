/**
 * How a run is executed, apart from which runs to execute (Hydra's launcher apart from its
 * sweeper): the experiment plans, skips cached runs and writes results; an executor trains
 * one run, here in a worker-thread pool (local-executor.ts) or on a queue of remote workers
 * (queue/queue-executor.ts), and hands back the run's result and files.
 */
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
  /** Trains a run; resolves with how it ended (never rejects), or null when stopped before it started. */
  execute(run: PlannedRun, events: RunEvents): Promise<ExecutedRun | null>;
  /** Starts no more runs and stops the running ones at their next iteration. */
  stop(): void;
  close(): Promise<void>;
}

/** Makes the executor of a plan's runs; `concurrency` is the number of runs at once where the executor decides it. */
export type ExecutorFactory = (plan: Plan, concurrency: number | undefined) => RunExecutor | Promise<RunExecutor>;
