/**
 * A pool of workers scheduled with p-queue: one task per worker at a time, workers reused
 * across tasks, a worker that dies replaced while the other tasks go on. Two kinds of
 * task: training a run, and evaluating a snapshot of one. Evaluations go first, so a
 * worker that finishes training helps evaluate the runs still training, and the
 * snapshots waiting never outnumber what the running trainings have produced. Except for
 * the last run: once no other training is running it goes first, so that its training
 * overlaps the others' evaluations instead of following them (on two cores, the third of
 * three runs used to wait for the 200 evaluations the first two had queued). Nothing
 * trains after it, so the snapshots waiting stay within one run's more. A worker free to
 * evaluate takes the first snapshot waiting of a run no other evaluation has the
 * certificates of (score-carry.ts), else the first, with that run's next few waiting.
 */
import { Worker } from 'node:worker_threads';
import PQueue from 'p-queue';
import type { DeadUnits } from '../core/dead-units.js';
import { carryBuffers, type ScoreCarry } from '../core/score-carry.js';
import type { SharedDataset } from '../core/shared-dataset.js';
import type { TrainCheckpoint } from '../core/train.js';
import type { RunConfig } from '../spec/types.js';
import type { FromWorker, Snapshot, ToWorker, WorkerDataset, WorkerSetup } from './protocol.js';

type Failed = Extract<FromWorker, { type: 'failed' }>;
export type TrainEnd = Extract<FromWorker, { type: 'done' }> | Failed;
export type EvaluateEnd = Extract<FromWorker, { type: 'evaluated' }> | Failed;
export type RunMessage = Extract<FromWorker, { type: 'started' | 'progress' | 'snapshot' }>;

const WORKER_FILE = new URL('./worker.js', import.meta.url);

/**
 * A run the pool follows: its tasks queued or running; the latest proof of dead units, from
 * the evaluation of `iteration`; and its certificates while no evaluation has them (null
 * while one does: only that one returns them).
 */
interface FollowedRun {
  tasks: number;
  iteration: number;
  deadUnits: Record<string, DeadUnits>;
  carries: Record<string, ScoreCarry> | null;
}

/** A snapshot waiting for a worker to evaluate it, and where its result goes. */
interface WaitingEvaluation {
  run: FollowedRun;
  runId: string;
  config: RunConfig;
  snapshot: Snapshot;
  signal: AbortSignal | undefined;
  resolve: (end: EvaluateEnd | null) => void;
}

/** Most snapshots of a run one worker takes at once. */
const BATCH = 8;

/** A run's key in the pool's record of dead units: its id and its whole config. */
const runKey = (runId: string, config: RunConfig): string => `${runId}\n${JSON.stringify(config)}`;
const PRIORITY = { evaluate: 1, train: 0, lastTraining: 2 } as const;

/** What the pool asks of a worker thread (tests give it stand-ins). */
export type PoolWorker = Pick<Worker, 'postMessage' | 'on' | 'once' | 'off' | 'terminate'>;

/** A worker thread running worker.ts. */
export const startWorker = (setup: WorkerSetup): PoolWorker => new Worker(WORKER_FILE, { workerData: setup });

export class WorkerPool {
  private readonly queue: PQueue;
  private readonly idle: PoolWorker[] = [];
  private readonly setup: WorkerSetup;
  private stopped = false;
  /** The trainings waiting in the queue, by their p-queue ids, in order; how many are training; how many were ever queued (for the ids). */
  private readonly waiting = new Set<string>();
  private training = 0;
  private queuedTrainings = 0;

  /** The dataset, once loaded (useDataset): handed to each worker before its first task. */
  private shared: SharedDataset | null = null;

  /**
   * Per run with a task queued or running: the hidden units its latest evaluation proved dead
   * (Evaluator), handed to its next evaluations on whichever worker takes them, so that they
   * skip those units, and the certificates of its images' classes (score-carry.ts), which go to
   * one evaluation at a time: they are moved to its worker and back, and an evaluation that
   * starts while another has them starts without. Only the time depends on which proof or
   * certificates an evaluation gets. Keyed by the
   * run's id and its whole config: a queue worker may run two experiments' runs of one id at
   * once, whose slices of the same name are other images.
   */
  private readonly runs = new Map<string, FollowedRun>();

  /** The evaluations waiting for a worker, in the order queued (evaluate). */
  private readonly evaluations: WaitingEvaluation[] = [];

  /** Starts `size` workers at once, so that their start-up (loading the modules, the kernels) overlaps the dataset's loading. */
  /** `batch`: the most snapshots of a run one worker takes at once (evaluate). */
  constructor(readonly size: number, private readonly start: (setup: WorkerSetup) => PoolWorker = startWorker, private readonly batch = BATCH) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`Expected the pool size to be an integer >= 1, got ${size}`);
    if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`Expected the batch to be an integer >= 1, got ${batch}`);
    this.queue = new PQueue({ concurrency: size });
    this.setup = { stop: new Int32Array(new SharedArrayBuffer(4)) };
    for (let i = 0; i < size; i++) this.idle.push(this.spawn());
  }

  /** Hands the loaded dataset to every worker; call it before queueing a task. */
  useDataset(shared: SharedDataset): void {
    this.shared = shared;
    for (const worker of this.idle) worker.postMessage({ type: 'dataset', shared } satisfies WorkerDataset);
  }

  /** A new worker; it gets the dataset first thing when it is loaded already. One that dies while idle is dropped (a task's own listeners report a death during the task). */
  private spawn(): PoolWorker {
    const worker = this.start(this.setup);
    if (this.shared) worker.postMessage({ type: 'dataset', shared: this.shared } satisfies WorkerDataset);
    worker.on('error', () => {});
    worker.once('exit', () => {
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
    });
    return worker;
  }

  /**
   * Queues a run's training; resolves when it ends, with its result or its failure (never
   * rejects), or with null if the pool (or `signal`) was stopped before it started. `onMessage`
   * hears its progress and its snapshots, in order, before the end. `signal` stops this run
   * alone at its next iteration (a queue worker's run whose coordinator was interrupted).
   */
  train(
    runId: string,
    hash: string,
    config: RunConfig,
    onMessage: (message: RunMessage) => void,
    signal?: AbortSignal,
    resume: { resume: TrainCheckpoint | null; pauseAfter: number | null; checkpoints: boolean } = { resume: null, pauseAfter: null, checkpoints: false },
  ): Promise<TrainEnd | null> {
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const stopRun = (): void => void Atomics.store(cancel, 0, 1);
    if (signal?.aborted) stopRun();
    signal?.addEventListener('abort', stopRun, { once: true });
    const key = runKey(runId, config);
    const run = this.follow(key);
    return this.scheduleTraining(() => ({ type: 'train', runId, hash, config, cancel, ...resume }), onMessage, signal)
      .finally(() => {
        signal?.removeEventListener('abort', stopRun);
        this.unfollow(key, run);
      });
  }

  /**
   * Queues the evaluation of a snapshot; resolves like `train` (null when `signal` was stopped
   * first). A worker free for an evaluation takes the first waiting one whose run's
   * certificates no other evaluation has, else the first: on two workers evaluating, two
   * evaluations of one run would leave the second without certificates, summing images the
   * first carries, while another run's waited. It takes the run's next waiting snapshots with
   * it, up to `batch` in all (8 by default), and evaluates them in turn: while the main thread is busy (writing
   * a finished run, drawing its pictures), a worker goes on without waiting to be handed each.
   */
  evaluate(runId: string, config: RunConfig, snapshot: Snapshot, signal?: AbortSignal): Promise<EvaluateEnd | null> {
    const key = runKey(runId, config);
    const run = this.follow(key);
    const end = new Promise<EvaluateEnd | null>((resolve) => this.evaluations.push({ run, runId, config, snapshot, signal, resolve }));
    // one task per snapshot: a task that finds its snapshot taken with an earlier one's takes another, or ends at once
    void this.queue.add(() => this.evaluateWaiting(), { priority: PRIORITY.evaluate });
    return end.finally(() => this.unfollow(key, run));
  }

  /** Evaluates the snapshots a free worker takes (evaluate), resolving each as its result comes. */
  private async evaluateWaiting(): Promise<void> {
    const free = this.evaluations.findIndex((e) => e.run.carries !== null);
    const first = this.evaluations[Math.max(free, 0)];
    if (!first) return;
    const { run, runId, config } = first;
    const taken = this.evaluations.filter((e) => e.run === run).slice(0, this.batch);
    for (const e of taken) this.evaluations.splice(this.evaluations.indexOf(e), 1);
    const batch = taken.filter((e) => !e.signal?.aborted);
    for (const e of taken) if (e.signal?.aborted) e.resolve(null);
    if (batch.length === 0) return;
    // the request is made as the worker takes it, with the latest proof of dead units, and the certificates if no other
    // evaluation has them; one that starts while another has them carries nothing (a fresh carry would write certificates
    // for nothing and forget how long tries have been failing)
    const carries = run.carries;
    run.carries = null;
    const snapshots = batch.map((e) => e.snapshot);
    let answered = 0;
    await this.runOnWorker<EvaluateEnd>({ type: 'evaluate', runId, config, snapshots, deadUnits: run.deadUnits, carries }, () => {}, (end) => {
      if (end.type === 'evaluated' && end.iteration >= run.iteration) Object.assign(run, { iteration: end.iteration, deadUnits: end.deadUnits });
      // a failure ends the snapshots not yet answered
      for (const e of end.type === 'failed' ? batch.slice(answered) : [batch[answered]!]) e.resolve(end);
      answered = end.type === 'failed' ? batch.length : answered + 1;
      if (answered < batch.length) return false;
      // the certificates come back with the last; a request that failed lost them, and the next starts afresh
      if (carries !== null) run.carries = end.type === 'evaluated' && end.carries ? end.carries : {};
      return true;
    });
  }

  private follow(key: string): FollowedRun {
    let run = this.runs.get(key);
    if (!run) this.runs.set(key, (run = { tasks: 0, iteration: -1, deadUnits: {}, carries: {} }));
    run.tasks++;
    return run;
  }

  private unfollow(key: string, run: FollowedRun): void {
    if (--run.tasks === 0) this.runs.delete(key);
  }

  /** Starts no more queued trainings (the queued evaluations still run) and asks the running trainings to stop at their next iteration. */
  stop(): void {
    this.stopped = true;
    Atomics.store(this.setup.stop, 0, 1);
  }

  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()));
  }

  /** Queues a training; `request` is made as a worker takes it. */
  private async scheduleTraining(request: () => ToWorker, onMessage: (message: RunMessage) => void, signal: AbortSignal | undefined): Promise<TrainEnd | null> {
    // queued trainings are not cleared on stop (p-queue would never settle them): each returns at once; evaluations still
    // run (they are few: they go first), so that the checkpoints of the stopped runs get their evaluations and are saved.
    // A run stopped alone (`signal`) drops its own.
    const stopped = (): boolean => this.stopped || signal?.aborted === true;
    const id = `train ${this.queuedTrainings++}`;
    this.waiting.add(id);
    const end = await this.queue.add(async () => {
      this.waiting.delete(id);
      if (stopped()) return null;
      this.training++;
      try {
        return await this.runOnWorker<TrainEnd>(request(), onMessage);
      } finally {
        this.training--;
        this.startLastRun();
      }
    }, { priority: PRIORITY.train, id });
    return end ?? null;
  }

  /** Called as a training ends, before p-queue takes the next task: with none left training and one run left to train, with more than one worker, that run goes first. */
  private startLastRun(): void {
    const [last] = this.waiting;
    if (this.training === 0 && this.waiting.size === 1 && this.size > 1) this.queue.setPriority(last!, PRIORITY.lastTraining);
  }

  /**
   * Runs `request` on a worker until `onEnd` says an end it hears is the last (by default the
   * first), or the request fails; resolves with that end.
   */
  private runOnWorker<End extends TrainEnd | EvaluateEnd>(
    request: ToWorker,
    onMessage: (message: RunMessage) => void,
    onEnd: (end: End) => boolean = () => true,
  ): Promise<End> {
    const worker = this.idle.pop() ?? this.spawn();
    return new Promise<End>((resolve) => {
      const finish = (end: TrainEnd | EvaluateEnd, healthy: boolean): void => {
        worker.off('message', onWorkerMessage).off('error', onError).off('exit', onExit);
        if (healthy) this.idle.push(worker);
        else void worker.terminate();
        resolve(end as End);
      };
      const ended = (end: TrainEnd | EvaluateEnd, healthy: boolean): void => {
        if (onEnd(end as End) || end.type === 'failed') finish(end, healthy);
      };
      const onWorkerMessage = (message: FromWorker): void => {
        if (message.type === 'done' || message.type === 'evaluated' || message.type === 'failed') ended(message, true);
        else onMessage(message);
      };
      const onError = (error: Error): void => ended({ type: 'failed', runId: request.runId, error: `worker crashed: ${error.message}` }, false);
      const onExit = (code: number): void => ended({ type: 'failed', runId: request.runId, error: `worker exited with code ${code}` }, false);
      worker.on('message', onWorkerMessage).on('error', onError).on('exit', onExit);
      worker.postMessage(request, request.type === 'evaluate' && request.carries ? carryBuffers(request.carries) : []);
    });
  }
}
