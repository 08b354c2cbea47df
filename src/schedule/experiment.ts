/**
 * Running a plan, from the cache check to the report:
 *   1. Make the results folder, take its lock (or say who holds it, or wait), and sweep
 *      up what killed processes left there (results/leftovers.ts).
 *   2. Skip the runs whose folders hold a whole, checked result of the same config hash
 *      that ended (completed or diverged), unless forced; say why each other run that
 *      was on disk is trained again. A folder whose files are the bytes the runner wrote
 *      or checked before (results/verified-runs.ts) is not checked again beyond its CSVs.
 *      List (or with --prune remove) folders not in the plan.
 *   3. Make the executor: the local one (local-executor.ts) loads the dataset once, into
 *      memory shared with its worker threads; the queue's (queue/) hands runs to workers
 *      on other machines.
 *   4. Train the other runs through the executor; as each run ends, write its folder
 *      whole. A file the OS will not write stops every run and is reported after the
 *      executor has stopped.
 *   5. Unless interrupted, write the report (runs.csv, charts, README, timings.csv).
 */
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { writeReport } from '../report/index.js';
import { parseTimingsCsv, TIMINGS_FILE } from '../report/timings-file.js';
import { writeRunFolder } from '../results/index.js';
import { sweepLeftovers } from '../results/leftovers.js';
import { lockFolder } from '../results/lock.js';
import { runFolderPath } from '../results/run-folder.js';
import { isProblem, RUN_FILES } from '../results/run-files.js';
import { isSafeId } from '../results/safe-id.js';
import { folderDigest, VerifiedRuns } from '../results/verified-runs.js';
import type { RunResult, RunTiming } from '../results/types.js';
import type { Plan, PlannedRun } from '../spec/types.js';
import { cacheCheck, previouslyListed } from './cache-check.js';
import { cacheMessages as cm } from './cache-messages.js';
import { runMessages as m } from './messages.js';
import type { ExecutorFactory, RunExecutor } from './executor.js';
import { interruptedResult, localExecutor } from './local-executor.js';
import { Progress } from './progress.js';
import { foldersOutsideThePlan, makeResultsFolder } from './results-folder.js';
import { checkRunFolder } from './run-check.js';

export interface ExperimentOptions {
  resultsDir: string;
  /** Runs trained at once; defaults to the number of cores. */
  concurrency?: number;
  /** Retrain runs whose results are already on disk. */
  force?: boolean;
  /** Wait for another process holding the results folder, instead of refusing. */
  wait?: boolean;
  /** Remove the folders under runs/ of runs not in the plan. */
  prune?: boolean;
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
    const say = (line: string): void => void options.progress.write(`${line}\n`);
    const madeFolder = makeResultsFolder(options.resultsDir);
    const lock = await lockFolder(options.resultsDir, { wait: options.wait, say, stopped: () => this.interrupted, madeFolder });
    if (!lock) return { results: plan.runs.map(interruptedResult), timings: [], skipped: [], interrupted: true };
    try {
      return await this.runLocked(say);
    } finally {
      lock.release();
    }
  }

  private async runLocked(say: (line: string) => void): Promise<ExperimentOutcome> {
    const { plan, options } = this;
    sweepLeftovers(options.resultsDir, {
      isCompleteRun: (folder, id) => isSafeId(id) && !isProblem(checkRunFolder(folder, id)),
      say,
    });
    const progress = new Progress(options.progress, plan.runs.length);
    const results = new Map<string, RunResult>();
    const timings = new Map(previousTimings(options.resultsDir).map((t) => [t.run, t]));
    const skipped: string[] = [];
    const listed = previouslyListed(options.resultsDir);
    const verified = VerifiedRuns.read(options.resultsDir);

    for (const run of plan.runs) {
      const found = options.force ? { train: null } : cacheCheck(options.resultsDir, run, listed, verified);
      if ('cached' in found) {
        results.set(run.id, found.cached);
        skipped.push(run.id);
        progress.skipped(run.id, found.cached.status);
      } else {
        progress.flush(); // the skipped runs' lines first, in plan order
        if (found.train !== null) say(cm.retraining(run.id, found.train));
        timings.delete(run.id);
      }
    }
    progress.flush();
    foldersOutsideThePlan(options.resultsDir, plan, options.prune === true, say);
    const toTrain = plan.runs.filter((run) => !results.has(run.id));

    if (toTrain.length > 0 && !this.interrupted) {
      this.executor = await (options.executor ?? localExecutor)(plan, options.concurrency);
      if (this.interrupted) this.executor.stop();
      const errors: unknown[] = [];
      try {
        await Promise.all(toTrain.map((run) => this.train(run, progress, results, timings, verified).catch((error: unknown) => {
          // a folder the OS would not write: stop everything, then say so once every run has stopped
          errors.push(error);
          this.interrupt();
        })));
      } finally {
        progress.close();
        await this.executor.close();
      }
      if (errors.length > 0) throw errors[0];
    }
    verified.save(options.resultsDir, plan.runs.map((run) => run.id));
    if (!this.interrupted) progress.drawingReport();
    progress.close();

    const ordered = plan.runs.map((run) => results.get(run.id) ?? interruptedResult(run));
    const orderedTimings = plan.runs.flatMap((run) => timings.get(run.id) ?? []);
    if (!this.interrupted) {
      const gone = ordered.filter((r) => r.status !== 'interrupted' && !existsSync(join(runFolderPath(options.resultsDir, r.run.id), RUN_FILES.config)));
      if (gone.length > 0) say(cm.goneDuringRun(gone.map((r) => r.run.id)));
      await writeReport(options.resultsDir, plan, ordered, orderedTimings);
    }
    return { results: ordered, timings: orderedTimings, skipped, interrupted: this.interrupted };
  }

  private async train(run: PlannedRun, progress: Progress, results: Map<string, RunResult>, timings: Map<string, RunTiming>, verified: VerifiedRuns): Promise<void> {
    const executed = await this.executor!.execute(run, {
      started: (iterations) => progress.start(run.id, iterations),
      progress: (iteration, loss) => progress.update(run.id, iteration, loss),
      snapshot: () => progress.snapshot(run.id),
      phase: (phase) => progress.phase(run.id, phase),
      evaluated: (evaluation) => progress.evaluation(run.id, evaluation),
    });
    // null: never started, because the experiment was interrupted first
    if (executed === null) return;
    const { result, files, seconds } = executed;
    if (result.status === 'interrupted') {
      progress.finish(run.id, 'interrupted', '');
      return;
    }
    progress.phase(run.id, 'writing');
    const written = writeRunFolder(this.options.resultsDir, result, files);
    // the runner's own bytes: the next rerun trusts them while they stay these bytes
    if (result.status === 'completed' || result.status === 'diverged') verified.written(run.id, folderDigest(written));
    results.set(run.id, result);
    if (seconds !== null) timings.set(run.id, { run: run.id, seconds });
    progress.finish(run.id, result.status, detail(result));
  }
}

function detail(result: RunResult): string {
  if (result.status === 'failed') return result.error ?? '';
  if (result.status === 'diverged') return m.diverged(result.divergedAt ?? 0, result.losses[result.divergedAt ?? 0]);
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
