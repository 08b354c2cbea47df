/**
 * Running a plan, from the cache check to the report:
 *   1. Skip the runs whose results on disk have the same config hash and ended
 *      (completed or diverged), unless forced.
 *   2. Make the executor (the local one loads the dataset once, into memory shared with the workers).
 *   3. Train the other runs through the executor (local-executor.ts: the worker pool, its
 *      evaluations done by whichever worker is free); as each run ends, write its folder whole.
 *   4. Unless interrupted, write the report (runs.csv, charts, README, timings.csv).
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { writeReport } from '../report/index.js';
import { parseTimingsCsv, TIMINGS_FILE } from '../report/timings-file.js';
import { readRunFolder, writeRunFolder } from '../results/index.js';
import type { RunResult, RunTiming } from '../results/types.js';
import type { Plan, PlannedRun } from '../spec/types.js';
import type { ExecutorFactory, RunExecutor } from './executor.js';
import { localExecutor } from './local-executor.js';
import { runMessages as m } from './messages.js';
import { Progress } from './progress.js';

export interface ExperimentOptions {
  resultsDir: string;
  /** Runs trained at once; defaults to the number of cores. */
  concurrency?: number;
  /** Retrain runs whose results are already on disk. */
  force?: boolean;
  /** Who trains the runs: this machine's worker threads unless given. */
  executor?: ExecutorFactory;
  /** Progress goes here; the summary is the caller's to print. */
  progress: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

export interface ExperimentOutcome {
  /** In plan order; runs not trained because of an interruption are `interrupted`. */
  results: RunResult[];
  timings: RunTiming[];
  skipped: string[];
  interrupted: boolean;
}

export class Experiment {
  private executor: RunExecutor | null = null;
  private interrupted = false;

  constructor(private readonly plan: Plan, private readonly options: ExperimentOptions) {}

  /** Stops starting runs and stops the running ones at their next iteration. */
  interrupt(): void {
    this.interrupted = true;
    this.executor?.stop();
  }

  async run(): Promise<ExperimentOutcome> {
    const { plan, options } = this;
    const progress = new Progress(options.progress, plan.runs.length);
    const results = new Map<string, RunResult>();
    const timings = new Map(previousTimings(options.resultsDir).map((t) => [t.run, t]));
    const skipped: string[] = [];

    for (const run of plan.runs) {
      const cached = options.force ? null : readRunFolder(options.resultsDir, run.id);
      if (cached && cached.run.hash === run.hash && (cached.status === 'completed' || cached.status === 'diverged')) {
        results.set(run.id, cached);
        skipped.push(run.id);
        progress.skipped(run.id, cached.status);
      } else {
        timings.delete(run.id);
      }
    }
    const toTrain = plan.runs.filter((run) => !results.has(run.id));

    if (toTrain.length > 0 && !this.interrupted) {
      this.executor = await (options.executor ?? localExecutor)(plan, options.concurrency);
      if (this.interrupted) this.executor.stop();
      try {
        await Promise.all(toTrain.map((run) => this.train(run, progress, results, timings)));
      } finally {
        progress.close();
        await this.executor.close();
      }
    }
    progress.close();

    const ordered = plan.runs.map((run) => results.get(run.id) ?? interruptedResult(run));
    const orderedTimings = plan.runs.flatMap((run) => timings.get(run.id) ?? []);
    if (!this.interrupted) await writeReport(options.resultsDir, plan, ordered, orderedTimings);
    return { results: ordered, timings: orderedTimings, skipped, interrupted: this.interrupted };
  }

  private async train(run: PlannedRun, progress: Progress, results: Map<string, RunResult>, timings: Map<string, RunTiming>): Promise<void> {
    const executed = await this.executor!.execute(run, {
      started: (iterations) => progress.start(run.id, iterations),
      progress: (iteration, loss) => progress.update(run.id, iteration, loss),
      evaluated: (evaluation) => progress.evaluation(run.id, evaluation),
    });
    // null: never started, because the experiment was interrupted first
    if (executed === null) return;
    const { result, files, seconds } = executed;
    if (result.status === 'interrupted') {
      progress.finish(run.id, 'interrupted', '');
      return;
    }
    writeRunFolder(this.options.resultsDir, result, files);
    results.set(run.id, result);
    if (seconds !== null) timings.set(run.id, { run: run.id, seconds });
    progress.finish(run.id, result.status, detail(result));
  }
}

function interruptedResult(run: PlannedRun): RunResult {
  return { run, status: 'interrupted', losses: [], evaluations: [], divergedAt: null, error: null };
}

function detail(result: RunResult): string {
  if (result.status === 'failed') return result.error ?? '';
  if (result.status === 'diverged') return m.diverged(result.divergedAt ?? 0);
  const last = result.evaluations[result.evaluations.length - 1];
  const accuracy = last ? Object.entries(last.accuracy).map(([s, a]) => `${s} accuracy ${a.toFixed(4)}`).join(', ') : '';
  return [`loss ${result.losses[result.losses.length - 1]?.toFixed(4)}`, accuracy].filter(Boolean).join(', ');
}

function previousTimings(resultsDir: string): RunTiming[] {
  try {
    return parseTimingsCsv(readFileSync(join(resultsDir, TIMINGS_FILE), 'utf8'));
  } catch {
    return [];
  }
}
