/**
 * The coordinator's executor: each run becomes one job on the queue, trained by whichever
 * worker takes it, anywhere. Progress comes from the queue's events; a finished job's
 * return value is checked (job-result.ts) and handed to the experiment, which writes it as
 * it writes a local run's. Jobs already on the queue (a restarted coordinator) are
 * reattached: finished ones collected, not retrained. A poll every few seconds catches
 * events missed while Redis was away, re-adds jobs a restarted Redis lost, and notices a
 * running job whose worker's lock has expired.
 */
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { failedResult } from '../schedule/local-executor.js';
import { interruptedResult } from '../schedule/interrupted.js';
import type { ExecutedRun, ExecutorFactory, RunEvents, RunExecutor } from '../schedule/executor.js';
import type { Plan, PlannedRun } from '../spec/types.js';
import { client, connectionErrors, probe, QUEUE_NAME } from './connection.js';
import { JOB_FORMAT, JOB_NAME, jobId, type RunJobData } from './job.js';
import { checkResult } from './job-result.js';
import { queueMessages as m } from './messages.js';
import { isProgress } from './progress.js';
import { clearStop, requestStop } from './stop-signal.js';
import { redactText, type QueueUrl } from './url.js';

/** A job that fails is tried this many times in all, with exponential backoff from BACKOFF_MS. */
export const ATTEMPTS = 3;
const BACKOFF_MS = 1000;
const POLL_MS = 3000;
const EVENTS_MAX_LEN = 1000;
const EVENTS_BLOCK_MS = 500;
/** Jobs checked per poll, in turn: a 100,000-run sweep costs Redis a few hundred commands a second, not 60,000. */
const POLL_BATCH = 500;
/**
 * How long a Ctrl-C waits for Redis to remove and stop this experiment's jobs (and to drop
 * finished ones): not at all when the connection is already down, as the clients wait
 * through reconnections for as long as it takes.
 */
const STOP_WAIT_MS = 3000;

interface Pending {
  run: PlannedRun;
  events: RunEvents;
  resolve: (executed: ExecutedRun | null) => void;
}

export interface QueueExecutorOptions {
  /** Lines for the user (queued, collected, connection lost). */
  say: (line: string) => void;
}

/** An ExecutorFactory for `run --queue URL`: Redis checked reachable first. */
export function queueExecutor(url: QueueUrl, options: QueueExecutorOptions): ExecutorFactory {
  return async (plan) => {
    await probe(url);
    const executor = new QueueExecutor(url, plan, options);
    await executor.ready();
    return executor;
  };
}

export class QueueExecutor implements RunExecutor {
  /** A remote worker trains a run through; it has no way to hand a checkpoint back (yet). */
  readonly canPause = false;
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly pending = new Map<string, Pending>();
  private readonly datasetSha256: string | null;
  private readonly poller: NodeJS.Timeout;
  private counts = { added: 0, attached: 0 };
  /** Runs whose jobs are being looked up or added; when it drops to 0, the counts are said. */
  private attaching = 0;
  private stopping: Promise<void> | null = null;
  private readonly removals: Promise<void>[] = [];
  private pollFrom = 0;
  /** BullMQ leaves connections it was given open: closed here. */
  private readonly connections: Redis[];
  /** Jobs whose worker the user has been told is lost, until a worker starts them again: each loss is said once. */
  private readonly lost = new Set<string>();

  constructor(private readonly url: QueueUrl, plan: Plan, private readonly options: QueueExecutorOptions) {
    const onError = connectionErrors(url, options.say);
    this.connections = [client(url), client(url)];
    // the events stream carries each result once more: kept short, as the coordinator reads it live
    this.queue = new Queue(QUEUE_NAME, { connection: this.connections[0], streams: { events: { maxLen: EVENTS_MAX_LEN } } });
    // each read of the events stream blocks this long at most: with Redis away, BullMQ's watchdog
    // of the read in flight (this plus a second) holds the process after a Ctrl-C until it fires
    this.events = new QueueEvents(QUEUE_NAME, { connection: this.connections[1], blockingTimeout: EVENTS_BLOCK_MS });
    this.queue.on('error', onError);
    this.events.on('error', onError);
    this.datasetSha256 = plan.spec.data.source.kind === 'path' ? plan.spec.data.source.sha256 : null;
    this.events.on('progress', ({ jobId: id, data }) => {
      const entry = this.pending.get(id);
      if (!entry || !isProgress(data)) return;
      if (data.kind === 'started') {
        this.lost.delete(id);
        entry.events.started(data.iterations);
      }
      else if (data.kind === 'progress') entry.events.progress(data.iteration, data.loss);
      else entry.events.evaluated(data.evaluation);
    });
    // a worker that died, stopped or lost Redis mid-run: said when a worker finds its lock expired (each
    // looks every lock period) or when the poll does (with no worker left to look), whichever is first
    this.events.on('stalled', ({ jobId: id }) => this.workerLost(id));
    this.events.on('completed', ({ jobId: id }) => void this.check(id));
    this.events.on('failed', ({ jobId: id }) => void this.check(id));
    this.poller = setInterval(() => this.poll(), POLL_MS);
    this.poller.unref();
  }

  /** Resolves once the event stream is read, so no event of a job added after is missed. */
  async ready(): Promise<void> {
    await this.events.waitUntilReady();
    await this.queue.waitUntilReady();
  }

  execute(run: PlannedRun, events: RunEvents): Promise<ExecutedRun | null> {
    if (this.stopping) return Promise.resolve(null);
    const id = jobId(run);
    return new Promise((resolve) => {
      this.pending.set(id, { run, events, resolve });
      this.attaching++;
      // a Redis error here leaves the job to the poll, which adds it when it is missing
      void this.attach(id, run).catch(() => {}).finally(() => {
        if (--this.attaching === 0) this.options.say(m.queued(this.counts.added, this.counts.attached, this.url.shown));
      });
    });
  }

  /**
   * Removes this experiment's jobs that have not started, and asks the workers of the running
   * ones to stop them; with Redis away, its runs end here at once, their jobs left on the queue.
   */
  stop(): void {
    this.stopping ??= this.withdraw();
  }

  async close(): Promise<void> {
    clearInterval(this.poller);
    await this.stopping;
    // with Redis away, the removals and BullMQ's own closing wait for ever (for the end of a
    // connection that is already down): what is not done by then is left to the queue
    await this.withinStopWait(Promise.all(this.removals).then(() => Promise.allSettled([this.events.close(), this.queue.close()])));
    for (const connection of this.connections) connection.disconnect();
  }

  private async withdraw(): Promise<void> {
    const entries = [...this.pending];
    this.pending.clear();
    const counts = await this.withinStopWait(this.removeWaiting(entries));
    if (counts) return this.options.say(m.removedWaiting(counts.removed, counts.running));
    for (const [, entry] of entries) entry.resolve(null);
    this.options.say(m.stopUnanswered(this.url.shown));
  }

  /** What `work` gives, or null when Redis has not done it within STOP_WAIT_MS (at once when the connection is down). */
  private async withinStopWait<T>(work: Promise<T>): Promise<T | null> {
    let timer: NodeJS.Timeout | undefined;
    const wait = this.connections[0].status === 'ready' ? STOP_WAIT_MS : 0;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), wait)));
    try {
      return await Promise.race([work, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Checks the next POLL_BATCH pending jobs, in turn. */
  private poll(): void {
    const ids = [...this.pending.keys()];
    if (this.pollFrom >= ids.length) this.pollFrom = 0;
    for (const id of ids.slice(this.pollFrom, this.pollFrom + POLL_BATCH)) void this.check(id, true);
    this.pollFrom += POLL_BATCH;
  }

  /**
   * Adds the run's job unless it is on the queue; a job that failed for good before is tried
   * afresh, and a stop an interrupted coordinator asked for is withdrawn.
   */
  private async attach(id: string, run: PlannedRun): Promise<void> {
    await clearStop(this.connections[0], id);
    const existing = await this.queue.getJob(id);
    const state = existing ? await existing.getState() : 'unknown';
    if (state === 'failed') await existing!.remove();
    if (state === 'unknown' || state === 'failed') {
      await this.add(id, run);
      this.counts.added++;
    } else {
      this.counts.attached++;
      if (state === 'completed') this.options.say(m.collected(run.id));
    }
    await this.check(id);
  }

  private async add(id: string, run: PlannedRun): Promise<void> {
    const data: RunJobData = { format: JOB_FORMAT, run, datasetSha256: this.datasetSha256 };
    await this.queue.add(JOB_NAME, data, {
      jobId: id,
      attempts: ATTEMPTS,
      backoff: { type: 'exponential', delay: BACKOFF_MS },
      removeOnComplete: false,
      removeOnFail: false,
    });
  }

  /** Settles the run if its job has ended; when polling, re-adds a job Redis has lost. */
  private async check(id: string, polling = false): Promise<void> {
    const entry = this.pending.get(id);
    if (!entry) return;
    let job: Job | undefined;
    let state: string;
    let locked = true;
    try {
      // the state first: a job read before it completed would have no return value yet
      state = await this.queue.getJobState(id);
      if (state === 'completed' || state === 'failed') job = await this.queue.getJob(id);
      // a running job's worker holds its lock, renewing it every half period (BullMQ's key)
      if (state === 'active' && polling) locked = (await this.connections[0].exists(`${this.queue.toKey(id)}:lock`)) === 1;
    } catch {
      return; // Redis away: the poll tries again
    }
    if (!this.pending.has(id) || ((state === 'completed' || state === 'failed') && !job)) return;
    if (state === 'failed' && job!.failedReason === m.jobStopped && !this.stopping) {
      // stopped for an interrupted coordinator (an earlier one, or another waiting on the same run): trained
      // anew, its stop withdrawn first, or the worker would stop it again at once, over and over
      await clearStop(this.connections[0], id).then(() => job!.remove()).then(() => this.add(id, entry.run), () => {});
    } else if (state === 'completed') {
      const checked = checkResult(entry.run, job!.returnvalue);
      this.settle(id, entry, typeof checked === 'string' ? m.resultRejected(checked) : checked, job!);
    } else if (state === 'failed') this.settle(id, entry, m.jobFailed(redactText(job!.failedReason ?? '', this.url)), job!);
    else if (state === 'unknown' && polling && !this.stopping) await this.add(id, entry.run).catch(() => {});
    else if (!locked && !this.stopping) this.workerLost(id);
  }

  /** Tells the user once that a running job's worker is gone (until a worker starts the run again). */
  private workerLost(id: string): void {
    const entry = this.pending.get(id);
    if (!entry || this.lost.has(id)) return;
    this.lost.add(id);
    this.options.say(m.workerLost(entry.run.id));
  }

  /** Hands the run's outcome (or why it failed) to the experiment. */
  private settle(id: string, entry: Pending, outcome: ExecutedRun | string, job: Job): void {
    this.pending.delete(id);
    entry.resolve(typeof outcome === 'string' ? { result: failedResult(entry.run, outcome), files: {}, seconds: null } : outcome);
    // the experiment writes the run's folder synchronously when `resolve`'s continuation
    // runs (a microtask), before this macrotask: only then is the job's copy dropped
    this.removals.push(new Promise((done) => setImmediate(() => void job.remove().catch(() => {}).finally(() => done()))));
  }

  /**
   * Removes the jobs that have not started; every other one (training, or taken by a worker
   * between the look and the removal) gets a stop request its worker hears within a poll.
   */
  private async removeWaiting(entries: [string, Pending][]): Promise<{ removed: number; running: number }> {
    let removed = 0;
    const running: string[] = [];
    await Promise.all(entries.map(async ([id, entry]) => {
      const job = await this.queue.getJob(id).catch(() => undefined);
      const state = job ? await job.getState().catch(() => 'unknown') : 'unknown';
      const gone = job !== undefined && (state === 'waiting' || state === 'delayed' || state === 'prioritized') &&
        (await job.remove().then(() => true, () => false));
      if (gone) removed++;
      else if (job && state !== 'completed' && state !== 'failed') running.push(id);
      entry.resolve(gone || state === 'unknown' ? null : { result: interruptedResult(entry.run), files: {}, seconds: null });
    }));
    await requestStop(this.connections[0], running).catch(() => {});
    return { removed, running: running.length };
  }
}
