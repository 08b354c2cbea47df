/**
 * `run-experiments worker`: takes run jobs off the queue and trains them in this machine's
 * worker-thread pool (the local executor, evaluations shared; no larger than its runs fit
 * side by side in memory, fitted-pools.ts), posting progress on the job
 * and returning the run's files as its value. It writes nothing to disk, and reads only
 * the MNIST package and the dataset folders it was given (--data), never a path a job names.
 * A job whose run fails is retried (bounded, with backoff, see queue-executor.ts); a
 * malformed or foreign one fails for good; either way the worker goes on serving.
 */
import { resolve as resolvePath } from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { mnistDataDir } from '../core/data/index.js';
import { loadSharedDataset } from '../core/shared-dataset.js';
import { LocalExecutor } from '../schedule/local-executor.js';
import { workersThatFit } from '../schedule/memory-fit.js';
import { datasetSizes, MNIST_SHAPE, shapeOf } from '../spec/dataset-sizes.js';
import type { PlannedRun } from '../spec/types.js';
import { client, connectionErrors, probe, QUEUE_NAME } from './connection.js';
import { datasetSha256 } from '../core/data/index.js';
import { checkJob } from './job.js';
import { FittedPools } from './fitted-pools.js';
import { encodeResult, type RunJobResult } from './job-result.js';
import { queueMessages as m } from './messages.js';
import type { JobProgress } from './progress.js';
import { StopWatch } from './stop-signal.js';
import { redactText, type QueueUrl } from './url.js';

export { DEFAULT_LOCK_MS } from './lock-ms.js';

export interface QueueWorkerOptions {
  url: QueueUrl;
  /**
   * Runs trained at once, and the size of the worker-thread pool; lowered to what the runs it
   * takes fit side by side in memory (fitted-pools.ts).
   */
  concurrency: number;
  /** How long a job's lock lasts unrenewed: after it, a dead worker's job goes to another worker. */
  lockMs: number;
  /** Folders of data.path datasets this worker may read, matched to jobs by their files' sha256. */
  dataDirs: string[];
  say: (line: string) => void;
}

export class QueueWorker {
  private worker: Worker | null = null;
  private readonly pools = new FittedPools((dir, size) => {
    if (this.stopped) throw new Error(m.workerStopped);
    return new LocalExecutor(() => loadSharedDataset(dir), size);
  });
  private stopped = false;
  /** BullMQ leaves a connection it was given open: closed in `stop`. */
  private connection: Redis | null = null;
  /** Stop requests of the coordinators whose runs this worker trains (their Ctrl-C). */
  private stops: StopWatch | null = null;
  /** The jobs being trained: `stop` waits for them to stop before it closes the pool. */
  private readonly training = new Set<Promise<RunJobResult>>();
  /** The threads each job being trained fits (threadsFor), by job id: the worker takes no more jobs at once than the least. */
  private readonly fits = new Map<string, number>();

  constructor(private readonly options: QueueWorkerOptions) {}

  async start(): Promise<void> {
    const { url, concurrency, lockMs, say } = this.options;
    await probe(url);
    this.connection = client(url);
    this.stops = new StopWatch(this.connection);
    this.worker = new Worker(QUEUE_NAME, (job) => this.track(this.process(job)), {
      connection: this.connection,
      concurrency,
      lockDuration: lockMs,
      stalledInterval: lockMs,
      maxStalledCount: 2,
    });
    this.worker.on('error', connectionErrors(url, say));
    this.worker.on('failed', (job, error) => say(m.workerJobFailed(job?.id ?? '?', redactText(error.message, url))));
    await this.worker.waitUntilReady();
    say(m.workerReady(url.shown, concurrency));
  }

  /**
   * Stops the runs at their next iteration and leaves once they have stopped (a worker thread
   * still training would keep the process alive); their jobs go to another worker.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.options.say(m.workerStopping);
    this.pools.stop();
    this.stops?.close();
    await this.worker?.close(true);
    await Promise.allSettled([...this.training]);
    this.connection?.disconnect();
    await this.pools.close();
  }

  private track(job: Promise<RunJobResult>): Promise<RunJobResult> {
    this.training.add(job);
    const untrack = (): void => void this.training.delete(job);
    job.then(untrack, untrack);
    return job;
  }

  private async process(job: Job): Promise<RunJobResult> {
    const data = checkJob(job.id ?? '', job.data);
    const run = data.run;
    // MNIST from this machine's package, a data.path dataset from the --data folder with the same files
    const dir = data.datasetSha256 === null ? mnistDataDir() : this.datasetFor(run, data.datasetSha256);
    const threads = this.threadsFor(run, dir, data.datasetSha256 === null);
    this.fits.set(job.id!, threads);
    this.raiseConcurrency();
    try {
      return await this.train(job, run, dir, threads);
    } finally {
      this.fits.delete(job.id!);
      // not when the last ends: a worker given a queue of big runs would rise and fall with each
      if (this.fits.size > 0) this.raiseConcurrency();
    }
  }

  private async train(job: Job, run: PlannedRun, dir: string, threads: number): Promise<RunJobResult> {
    const { say } = this.options;
    say(m.workerStarted(run.id, run.config.experiment, job.id!));
    const post = (progress: JobProgress): void => void job.updateProgress(progress).catch(() => {});
    const signal = this.stops!.watch(job.id!, () => say(m.workerRunStopping(run.id, job.id!)));
    const executed = await this.pools.train(dir, threads, (executor) => executor.execute(run, {
      started: (iterations) => post({ kind: 'started', iterations }),
      progress: (iteration, loss) => post({ kind: 'progress', iteration, loss }),
      // the coordinator's progress shows iterations and accuracies; these stay on the worker
      snapshot: () => {},
      phase: () => {},
      evaluated: (e) => post({ kind: 'evaluated', evaluation: { iteration: e.iteration, epoch: e.epoch, accuracy: e.accuracy } }),
    }, { signal })).finally(() => this.stops!.unwatch(job.id!));
    // stopped by its coordinator: failed for good (no retry); the coordinator run again queues it anew
    if (signal.aborted && (executed === null || ('result' in executed && executed.result.status === 'interrupted'))) throw new UnrecoverableError(m.jobStopped);
    // a queue worker is never asked to pause a run: `paused` cannot come back
    if (executed === null || !('result' in executed) || executed.result.status === 'interrupted') throw new Error(m.workerStopped);
    if (executed.result.status === 'failed') throw new Error(executed.result.error ?? 'failed');
    say(m.workerFinished(run.id, executed.result.status, executed.seconds ?? 0));
    return encodeResult(executed);
  }

  /**
   * How many threads the job's run fits beside its dataset in their shared memory, this
   * worker's concurrency at most (schedule/memory-fit.ts, as `run` does). Fewer than the jobs
   * it takes at once: it takes no more than that from then on, saying so.
   */
  private threadsFor(run: PlannedRun, dir: string, mnist: boolean): number {
    const found = mnist ? null : datasetSizes(dir);
    if (found && !found.ok) throw new Error(found.reason === 'bad-data' ? m.dataBad(dir, found.detail) : m.dataNotFolder(dir));
    const fit = workersThatFit([run], found ? shapeOf(found) : MNIST_SHAPE);
    if (!fit) return this.options.concurrency;
    const threads = Math.min(this.options.concurrency, fit.workers);
    if (threads < this.worker!.concurrency) {
      this.worker!.concurrency = threads;
      this.options.say(m.workerConcurrencyLowered(threads, `${run.config.experiment}/${run.id}`, fit.runBytes));
    }
    return threads;
  }

  /**
   * Once the jobs it takes fit more threads than the concurrency a big run lowered it to (a job
   * taken that fits more, or the big one ended beside others that do), the worker takes as many
   * jobs at once as they all fit again: a big run once does not keep it small for its lifetime.
   */
  private raiseConcurrency(): void {
    if (this.stopped || !this.worker) return;
    const threads = Math.min(this.options.concurrency, ...this.fits.values());
    if (threads > this.worker.concurrency) {
      this.worker.concurrency = threads;
      this.options.say(m.workerConcurrencyRaised(threads));
    }
  }

  private datasetFor(run: PlannedRun, sha: string): string {
    const source = run.config.data.source;
    const path = source.kind === 'path' ? source.path : '';
    const dirs = this.options.dataDirs.map((d) => resolvePath(d));
    const match = dirs.find((d) => datasetSha256(d) === sha);
    if (match) return match;
    const same = dirs.find((d) => d === path);
    if (same) throw new Error(m.datasetDiffers(path, sha, same, datasetSha256(same)));
    throw new Error(m.datasetMissing(path, sha));
  }
}
