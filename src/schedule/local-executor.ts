/**
 * Runs trained here, in the worker-thread pool: the dataset loaded once into memory the
 * workers share, each run's evaluations done by whichever worker is free.
 */
import { availableParallelism } from 'node:os';
import { mnistDataDir } from '../core/data/index.js';
import { loadSharedDataset, type SharedDataset } from '../core/shared-dataset.js';
import type { Evaluation, RunResult } from '../results/types.js';
import type { Plan, PlannedRun } from '../spec/types.js';
import { analysisFiles } from './artifacts.js';
import { interruptedResult } from './interrupted.js';
import type { EvaluationRecord, TrainCheckpoint } from '../core/train.js';
import type { ExecutedRun, ExecuteOptions, ExecutorFactory, PausedRun, RunEvents, RunExecutor } from './executor.js';
import { WorkerPool, type EvaluateEnd, type TrainEnd } from './pool.js';

export class LocalExecutor implements RunExecutor {
  private readonly pool: WorkerPool;

  readonly shared: SharedDataset;

  /**
   * `concurrency` workers (every core works even for fewer runs than cores: idle workers
   * evaluate), started before `load` loads the dataset, so that both happen at once.
   */
  constructor(load: () => SharedDataset, concurrency: number = availableParallelism()) {
    this.pool = new WorkerPool(concurrency);
    try {
      this.shared = load();
    } catch (error) {
      void this.pool.close();
      throw error;
    }
    this.pool.useDataset(this.shared);
  }

  stop(): void {
    this.pool.stop();
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  readonly canPause = true;

  /**
   * Trains `run` from `options.resume` (else from the start) to `options.pauseAfter` (else to
   * the end). `options.signal` stops this run alone at its next iteration; it then ends
   * `interrupted`, or null if it had not started. With `events.checkpoint`, each evaluation
   * point's checkpoint is handed over once the evaluations up to it are in, in order.
   */
  async execute(run: PlannedRun, events: RunEvents, options: ExecuteOptions = {}): Promise<ExecutedRun | PausedRun | null> {
    const { pool, shared } = this;
    const { signal, resume } = options;
    const evaluations: Promise<EvaluateEnd | null>[] = [];
    const before = resume?.evaluations ?? [];
    let checkpoints = Promise.resolve<TrainCheckpoint | null>(null);
    let started = 0;
    const wantsCheckpoints = events.checkpoint !== undefined || options.pauseAfter !== undefined;
    const end = await pool.train(run.id, run.hash, run.config, (message) => {
      if (message.type === 'started') {
        started = performance.now();
        events.started(message.iterations);
      } else if (message.type === 'progress') {
        events.progress(message.iteration, message.loss);
      } else {
        events.snapshot();
        const { checkpoint, ...snapshot } = message.snapshot;
        evaluations.push(pool.evaluate(run.id, run.config, { ...snapshot, checkpoint: null }, signal).then((evaluated) => {
          if (evaluated?.type === 'evaluated') events.evaluated(evaluated);
          return evaluated;
        }));
        // chained, so that checkpoints are handed over in order
        const pending = [...evaluations];
        if (checkpoint) checkpoints = checkpoints.then(() => withEvaluations(checkpoint, before, pending, events));
      }
    }, signal, { resume: resume ?? null, pauseAfter: options.pauseAfter ?? null, checkpoints: wantsCheckpoints });
    events.phase('evaluating');
    const evaluated = await Promise.all(evaluations);
    const last = await checkpoints;
    // null: never started, because the experiment was interrupted first
    if (end === null) return null;
    if ((end.type === 'done' && end.status === 'stopped') || evaluated.includes(null)) {
      return { result: interruptedResult(run), files: {}, seconds: null };
    }
    if (end.type === 'done' && end.status === 'paused') {
      // pauseAfter is an evaluation point (the spec checks it): its snapshot's checkpoint is where the run is
      if (last?.iteration === (options.pauseAfter ?? NaN) + 1) return { paused: last, seconds: (performance.now() - started) / 1000 };
      return { result: failedResult(run, `paused after iteration ${options.pauseAfter}, not an evaluation point`), files: {}, seconds: null };
    }
    const failure = [end, ...evaluated].find((e): e is Extract<EvaluateEnd, { type: 'failed' }> => e?.type === 'failed');
    const records = [...before, ...evaluated.flatMap((e) => (e?.type === 'evaluated' ? [{ iteration: e.iteration, epoch: e.epoch, accuracy: e.accuracy }] : []))];
    const result = failure ? failedResult(run, failure.error) : toResult(run, end as Extract<TrainEnd, { type: 'done' }>, records);
    const predictions = evaluated.reduce<Record<string, Uint8Array> | null>((found, e) => (e?.type === 'evaluated' && e.predictions ? e.predictions : found), null);
    if (result.status === 'completed') events.phase('analysing');
    const files = end.type === 'done' && result.status === 'completed'
      ? { ...asBuffers(end.files), ...analysisFiles(run, shared.dataset, predictions ?? {}, end.mistakes) }
      : {};
    return { result, files, seconds: failure ? null : (performance.now() - started) / 1000 };
  }
}

/**
 * A snapshot's checkpoint with the run's evaluations up to it (those it was resumed with, then
 * this stretch's), once they are all in; null when one of them was stopped or failed.
 */
async function withEvaluations(
  checkpoint: TrainCheckpoint,
  before: EvaluationRecord[],
  pending: Promise<EvaluateEnd | null>[],
  events: RunEvents,
): Promise<TrainCheckpoint | null> {
  const ends = await Promise.all(pending);
  if (!ends.every((e): e is Extract<EvaluateEnd, { type: 'evaluated' }> => e?.type === 'evaluated')) return null;
  const evaluations = [...before, ...ends.map(({ iteration, epoch, accuracy }) => ({ iteration, epoch, accuracy }))];
  const whole = { ...checkpoint, evaluations };
  events.checkpoint?.(whole);
  return whole;
}

/** The default executor: this machine's worker threads, on the plan's dataset. */
export const localExecutor: ExecutorFactory = (plan, concurrency) => new LocalExecutor(() => loadSharedDataset(datasetDir(plan)), poolSize(plan, concurrency));

/**
 * Worker threads for a plan: as many as asked (by default the cores), but no more than its
 * runs or the cores, whichever is more (a run trains on one worker, and its evaluations take
 * any other): `--concurrency 64` for 3 runs starts 3 threads, not 64 that each load the core
 * and must each be stopped at Ctrl-C.
 */
export function poolSize(plan: Plan, requested: number | undefined, cores: number = availableParallelism()): number {
  return Math.min(requested ?? cores, Math.max(plan.runs.length, cores));
}

export function datasetDir(plan: Plan): string {
  const source = plan.spec.data.source;
  return source.kind === 'mnist' ? mnistDataDir() : source.path;
}

/** Bytes arrive from a worker as Uint8Array; the writers take Buffers. */
function asBuffers(files: Record<string, string | Uint8Array>): Record<string, string | Buffer> {
  return Object.fromEntries(
    Object.entries(files).map(([name, data]) => [name, typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength)]),
  );
}

function toResult(run: PlannedRun, end: Extract<TrainEnd, { type: 'done' }>, evaluations: Evaluation[]): RunResult {
  return {
    run,
    status: end.status === 'diverged' ? 'diverged' : 'completed',
    losses: Array.from(end.losses),
    evaluations,
    divergedAt: end.divergedAt,
    error: null,
  };
}

export function failedResult(run: PlannedRun, error: string): RunResult {
  return { run, status: 'failed', losses: [], evaluations: [], divergedAt: null, error };
}
