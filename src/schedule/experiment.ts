/**
 * Running a plan, from the cache check to the report:
 *   1. Make the results folder, take its lock (or say who holds it, or wait), refuse it
 *      when another spec file of the same name made it (spec-file.ts), and sweep up what
 *      killed processes left there (results/leftovers.ts).
 *   2. Skip the runs whose folders hold a whole, checked result of the same config hash
 *      that ended (completed or diverged), unless forced; say why each other run that
 *      was on disk is trained again. A folder whose files are the bytes the runner wrote
 *      or checked before (results/verified-runs.ts) is not checked again beyond its CSVs.
 *      List (or with --prune remove) folders not in the plan.
 *   3. Make the executor: the local one (local-executor.ts) loads the dataset once, into
 *      memory shared with its worker threads; the queue's (queue/) hands runs to workers
 *      on other machines.
 *   4. Train the other runs through the executor, each from its checkpoint when it has one
 *      (checkpoints.ts; saved at every evaluation point); under `search.schedule`, trial
 *      by trial to each rung and on only when promoted (halving-search.ts). As each run
 *      ends, write its folder whole and remove its checkpoint. A file the OS will not
 *      write stops every run and is reported after the executor has stopped.
 *   5. Unless interrupted, write the report (runs.csv, charts, README, timings.csv), unless
 *      the one on disk was drawn from the same inputs and is untouched (report-record.ts);
 *      then record the run folders' digests when a run was trained or the report written.
 */
import { join, relative } from 'node:path';
import { existsSync } from 'node:fs';
import { UserError } from '../errors.js';
import { resultsMessages } from '../results/messages.js';
import { reportInputs, reportOutputs } from '../report/report-record.js';
import { parseTimingsCsv, TIMINGS_FILE } from '../report/timings-file.js';
import { writeRunFolder } from '../results/index.js';
import { sweepLeftovers } from '../results/leftovers.js';
import { lockFolder } from '../results/lock.js';
import { readTextWithoutBlocking } from '../results/read-opened.js';
import { runFolderPath } from '../results/run-folder.js';
import { isProblem, RUN_FILES } from '../results/run-files.js';
import { isSafeId } from '../results/safe-id.js';
import { folderDigest, VerifiedRuns } from '../results/verified-runs.js';
import type { RunResult, RunTiming } from '../results/types.js';
import type { Plan, PlannedRun } from '../spec/types.js';
import { cacheCheck, previousReport, type PreviousReport } from './cache-check.js';
import { cacheMessages as cm } from './cache-messages.js';
import { runMessages as m } from './messages.js';
import type { ExecutorFactory, RunExecutor } from './executor.js';
import { interruptedResult } from './interrupted.js';
import { Progress } from './progress.js';
import { foldersOutsideThePlan, makeResultsFolder } from './results-folder.js';
import { checkRunFolder } from './run-check.js';
import { otherSpecFile, recordedSpecFile } from './spec-file.js';
import type { TrainCheckpoint } from '../core/train.js';
import { selectMetric } from '../report/select.js';
import { checkpointMessages as cpm } from './checkpoint-messages.js';
import { CHECKPOINTS_FOLDER, loadCheckpoint, removeCheckpoint, removeEmptyCheckpoints, removeServedCheckpoints, saveCheckpoint } from './checkpoints.js';
import { halveGroup, halvingGroups, type HalvingSteps, type Reached } from './halving-search.js';

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
  /** The spec file the plan is of (`path`, absolute; shown relative to `cwd`): another of the same name whose results the folder holds is refused. */
  specFile?: { path: string; cwd: string };
}

export interface ExperimentOutcome {
  /** In plan order; runs not trained because of an interruption are `interrupted`. */
  results: RunResult[];
  timings: RunTiming[];
  skipped: string[];
  interrupted: boolean;
  /** Runs --force trained again that failed, whose finished folders from before were kept (and are in `results`). */
  failedRetrains: string[];
  /**
   * False when interrupted while waiting for another process's lock on the results folder:
   * nothing there was read or written, and `results` say nothing of what is on disk.
   */
  locked: boolean;
}

export class Experiment {
  private executor: RunExecutor | null = null;
  /** The executor, made when a run first needs training (a rerun that trains nothing loads no dataset). */
  private executorMade: Promise<RunExecutor> | null = null;
  private interrupted = false;
  private readonly errors: unknown[] = [];
  private readonly failedRetrains: string[] = [];
  /** Run id -> where it can go on from; null once known to have none (ended, or unusable on disk). */
  private readonly checkpoints = new Map<string, TrainCheckpoint | null>();

  constructor(private readonly plan: Plan, private readonly options: ExperimentOptions) {}

  /** Stops starting runs and stops the running ones at their next iteration. */
  interrupt(): void {
    this.interrupted = true;
    this.executor?.stop();
  }

  async run(): Promise<ExperimentOutcome> {
    const { plan, options } = this;
    const say = (line: string): void => void options.progress.write(`${line}\n`);
    const madeFolder = makeResultsFolder(options.resultsDir, plan.spec.name);
    const lock = await lockFolder(options.resultsDir, { wait: options.wait, say, stopped: () => this.interrupted, madeFolder });
    if (!lock) return { results: plan.runs.map(interruptedResult), timings: [], skipped: [], interrupted: true, failedRetrains: [], locked: false };
    try {
      return await this.runLocked(say);
    } finally {
      lock.release();
    }
  }

  private async runLocked(say: (line: string) => void): Promise<ExperimentOutcome> {
    const { plan, options } = this;
    const verified = VerifiedRuns.read(options.resultsDir);
    const spec = options.specFile;
    const other = spec ? otherSpecFile(options.resultsDir, verified.specFile, spec.path, plan.spec.name) : null;
    if (spec && other !== null) {
      throw new UserError(resultsMessages.otherSpecFile(options.resultsDir, plan.spec.name, relative(spec.cwd, spec.path), relative(spec.cwd, other)));
    }
    const listing = sweepLeftovers(options.resultsDir, {
      isCompleteRun: (folder, id) => isSafeId(id) && !isProblem(checkRunFolder(folder, id)),
      say,
    });
    const progress = new Progress(options.progress, plan.runs.length);
    const results = new Map<string, RunResult>();
    const timings = new Map(previousTimings(options.resultsDir).map((t) => [t.run, t]));
    const skipped: string[] = [];
    const previous = previousReport(options.resultsDir);

    for (const run of plan.runs) {
      const found = options.force ? { train: null } : cacheCheck(options.resultsDir, run, previous, verified, plan.spec.search?.schedule !== undefined, listing.get(run.id));
      if ('cached' in found) {
        results.set(run.id, found.cached);
        skipped.push(run.id);
        if (found.cached.status === 'pruned') progress.rankedAgain(run.id, found.cached.prunedAt ?? 0);
        else progress.skipped(run.id, found.cached.status);
      } else {
        progress.flush(); // the skipped runs' lines first, in plan order
        if (found.train !== null) say(cm.retraining(run.id, found.train));
        timings.delete(run.id);
      }
    }
    progress.flush();
    foldersOutsideThePlan(options.resultsDir, plan, options.prune === true, say);
    const toTrain = plan.runs.filter((run) => !results.has(run.id));
    const schedule = plan.spec.search?.schedule;
    const written = new Set<string>();

    // under a schedule every group is ranked again, cached or not: the decisions on disk may be
    // another schedule's (or select metric's, or number of trials'), and ranking cached trials costs nothing
    if ((toTrain.length > 0 || schedule !== undefined) && !this.interrupted) {
      const stage = { progress, results, timings, verified, previous, seconds: new Map<string, number>(), written };
      try {
        const work = schedule
          ? halvingGroups(plan).map((group) => halveGroup(group, schedule, this.halvingSteps(stage)))
          : toTrain.map((run) => this.reach(run, null, stage));
        await Promise.all(work.map((p) => p.catch((error: unknown) => this.fail(error))));
      } finally {
        progress.close();
        await (await this.executorMade)?.close();
      }
      if (this.errors.length > 0) throw this.errors[0];
    }
    if (!this.interrupted) {
      // every run of the plan has ended; runs outside it keep theirs, as their folders are kept, unless pruned
      const planned = new Set(plan.runs.map((run) => run.id));
      removeServedCheckpoints(options.resultsDir, (id) => (planned.has(id) ? results.has(id) : options.prune === true));
      removeEmptyCheckpoints(options.resultsDir);
    }
    if (!this.interrupted) progress.drawingReport();
    progress.close();

    const ordered = plan.runs.map((run) => results.get(run.id) ?? interruptedResult(run));
    const orderedTimings = plan.runs.flatMap((run) => timings.get(run.id) ?? []);
    if (!this.interrupted) {
      const gone = ordered.filter((r) => r.status !== 'interrupted' && !existsSync(join(runFolderPath(options.resultsDir, r.run.id), RUN_FILES.config)));
      if (gone.length > 0) say(cm.goneDuringRun(gone.map((r) => r.run.id)));
      await this.report(ordered, orderedTimings, verified, written.size > 0);
    }
    verified.save(options.resultsDir, plan.runs.map((run) => run.id), spec ? recordedSpecFile(options.resultsDir, spec.path) : undefined);
    // a cached trial the new decisions trained on is not skipped
    return { results: ordered, timings: orderedTimings, skipped: skipped.filter((id) => !written.has(id)), interrupted: this.interrupted, failedRetrains: this.failedRetrains, locked: true };
  }

  /**
   * Draws the report, unless nothing was trained and the one on disk was drawn from the same
   * inputs and its files are untouched since (report/report-record.ts): drawing it again would
   * write the same bytes. (A run trained again may write the bytes it had, with a new timing.)
   */
  private async report(results: RunResult[], timings: RunTiming[], verified: VerifiedRuns, trained: boolean): Promise<void> {
    const { resultsDir } = this.options;
    const inputs = reportInputs(this.plan, this.plan.runs.map((run) => verified.digest(run.id)));
    const before = reportOutputs(resultsDir);
    if (!trained && inputs !== null && verified.reportIs({ inputs, outputs: before })) return;
    // the charts' renderer loads only when the report is drawn
    const { writeReport } = await import('../report/index.js');
    await writeReport(resultsDir, this.plan, results, timings);
    const after = reportOutputs(resultsDir);
    verified.reported(inputs === null ? null : { inputs, outputs: after }, after !== before);
  }

  /**
   * Gets the report ready while the other runs train, once a run has ended: loads its
   * renderer, and renders the run's own pictures where the report is sure to draw them
   * (report/run-pictures.ts). The last runs leave cores idle (a run's evaluations cannot
   * keep up with its training), where this would otherwise follow them. A failure shows
   * when the report is drawn.
   */
  private prepareReport(result: RunResult): void {
    const { resultsDir } = this.options;
    const plan = this.plan;
    import('../report/index.js')
      .then((report) => {
        void report.loadRenderer().catch(() => {});
        report.renderRunEarly(resultsDir, plan, result);
      })
      .catch(() => {});
  }

  /** A file the OS would not write: stop everything, then say so once every run has stopped. */
  private fail(error: unknown): void {
    this.errors.push(error);
    this.interrupt();
  }

  /**
   * Brings a run to the evaluation at `pauseAfter` (null: to its end, its folder written):
   * at once when its cached result or its checkpoint is already there, else by training it,
   * from its checkpoint when it has a usable one. Null when interrupted.
   */
  private async reach(run: PlannedRun, pauseAfter: number | null, stage: Stage): Promise<Reached | null> {
    const { progress, results, timings, seconds } = stage;
    const cached = results.get(run.id);
    if (cached && (cached.status !== 'pruned' || (pauseAfter !== null && (cached.prunedAt ?? -1) >= pauseAfter))) return { result: cached };
    if (this.interrupted) return null;
    const executor = await this.executorOf();
    const resume = this.checkpointOf(run, progress);
    if (resume && pauseAfter !== null && resume.iteration > pauseAfter) return { checkpoint: resume };
    if (this.interrupted) return null;
    const { resultsDir } = this.options;
    if (resume) progress.line(cpm.resuming(run.id, resume.iteration));
    const executed = await executor.execute(run, {
      started: (iterations) => progress.start(run.id, iterations),
      progress: (iteration, loss) => progress.update(run.id, iteration, loss),
      snapshot: () => progress.snapshot(run.id),
      phase: (phase) => progress.phase(run.id, phase),
      evaluated: (evaluation) => progress.evaluation(run.id, evaluation),
      checkpoint: (checkpoint) => {
        try {
          saveCheckpoint(resultsDir, run, checkpoint);
        } catch (error) {
          this.fail(error);
        }
      },
    }, { ...(resume ? { resume } : {}), ...(pauseAfter !== null ? { pauseAfter } : {}) });
    // null: never started, because the experiment was interrupted first
    if (executed === null) return null;
    if ('paused' in executed) {
      this.checkpoints.set(run.id, executed.paused);
      seconds.set(run.id, (seconds.get(run.id) ?? 0) + executed.seconds);
      progress.paused(run.id, pauseAfter ?? 0);
      return { checkpoint: executed.paused };
    }
    const { result, files } = executed;
    if (result.status === 'interrupted') {
      progress.finish(run.id, 'interrupted', '');
      return null;
    }
    // --force trains a finished run again; a retraining that fails does not replace it
    const before = result.status === 'failed' && this.options.force
      ? cacheCheck(resultsDir, run, stage.previous, stage.verified, this.plan.spec.search?.schedule !== undefined)
      : null;
    if (before && 'cached' in before && before.cached.status !== 'pruned') {
      this.ended(run.id);
      this.failedRetrains.push(run.id);
      results.set(run.id, before.cached);
      progress.finish(run.id, 'failed', m.keptAfterFailure(detail(result), before.cached.status));
      return { result: before.cached };
    }
    progress.phase(run.id, 'writing');
    const written = writeRunFolder(resultsDir, result, files);
    stage.written.add(run.id);
    // the runner's own bytes: the next rerun trusts them while they stay these bytes
    if (result.status === 'completed' || result.status === 'diverged') stage.verified.written(run.id, folderDigest(written));
    this.ended(run.id);
    this.prepareReport(result);
    results.set(run.id, result);
    if (executed.seconds !== null) timings.set(run.id, { run: run.id, seconds: (seconds.get(run.id) ?? 0) + executed.seconds });
    progress.finish(run.id, result.status, detail(result));
    return { result };
  }

  /** The decisions of plan/halving.ts, carried out on this experiment's runs. */
  private halvingSteps(stage: Stage): HalvingSteps {
    const metric = selectMetric({ spec: this.plan.spec, varying: this.plan.varying, results: [] });
    return {
      reach: (run, pauseAfter) => this.reach(run, pauseAfter, stage),
      prune: (result, why) => {
        stage.verified.written(result.run.id, folderDigest(writeRunFolder(this.options.resultsDir, result, {})));
        stage.written.add(result.run.id);
        this.ended(result.run.id);
        stage.results.set(result.run.id, result);
        stage.progress.finish(result.run.id, 'pruned', why);
      },
      kept: (result, at) => stage.progress.line(m.keptPastRung(result.run.id, at, result.status)),
      score: (result) => metric.score(result),
      mode: metric.mode,
      metric: metric.name,
    };
  }

  /** The executor, made the first time it is asked for; stopped at once when the experiment was interrupted meanwhile. */
  private executorOf(): Promise<RunExecutor> {
    this.executorMade ??= (async () => {
      const { plan, options } = this;
      const executor = await (options.executor ?? (await import('./local-executor.js')).localExecutor)(plan, options.concurrency);
      this.executor = executor;
      if (this.interrupted) executor.stop();
      return executor;
    })();
    return this.executorMade;
  }

  /** A run's checkpoint: the one this process paused it at, else the one on disk if it is usable (said when it is not; none with --force). */
  private checkpointOf(run: PlannedRun, progress: Progress): TrainCheckpoint | undefined {
    if (!this.executor!.canPause) return undefined;
    if (this.checkpoints.has(run.id)) return this.checkpoints.get(run.id) ?? undefined;
    const loaded = this.options.force ? null : loadCheckpoint(this.options.resultsDir, run);
    if (loaded !== null && 'problem' in loaded) progress.line(cpm.notUsed(run.id, join(CHECKPOINTS_FOLDER, `${run.id}.checkpoint`), loaded.problem));
    const usable = loaded !== null && !('problem' in loaded) ? loaded : null;
    this.checkpoints.set(run.id, usable);
    return usable ?? undefined;
  }

  /** The run's folder is written: its checkpoint has served. */
  private ended(runId: string): void {
    this.checkpoints.set(runId, null);
    removeCheckpoint(this.options.resultsDir, runId);
  }
}

interface Stage {
  progress: Progress;
  results: Map<string, RunResult>;
  timings: Map<string, RunTiming>;
  /** The digests of run folders known whole (results/verified-runs.ts). */
  verified: VerifiedRuns;
  /** The report on disk when the run began, as the cache check read it. */
  previous: PreviousReport;
  /** Seconds of training so far of runs paused at a rung. */
  seconds: Map<string, number>;
  /** Runs whose folders this process wrote (trained, or pruned at a rung). */
  written: Set<string>;
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
    return parseTimingsCsv(readTextWithoutBlocking(join(resultsDir, TIMINGS_FILE)));
  } catch {
    return [];
  }
}
