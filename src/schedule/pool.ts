/**
 * A pool of training workers scheduled with p-queue: one run per worker at a time,
 * workers reused across runs, a worker that dies replaced while the other runs go on.
 */
import { Worker } from 'node:worker_threads';
import PQueue from 'p-queue';
import type { SharedDataset } from '../core/shared-dataset.js';
import type { RunConfig } from '../spec/types.js';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.js';

export type RunEnd = Extract<FromWorker, { type: 'done' } | { type: 'failed' }>;
export type RunMessage = Exclude<FromWorker, RunEnd>;

const WORKER_FILE = new URL('./worker.js', import.meta.url);

export class WorkerPool {
  private readonly queue: PQueue;
  private readonly idle: Worker[] = [];
  private readonly setup: WorkerSetup;
  private stopped = false;

  constructor(shared: SharedDataset, readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`Expected the pool size to be an integer >= 1, got ${size}`);
    this.queue = new PQueue({ concurrency: size });
    this.setup = { shared, stop: new Int32Array(new SharedArrayBuffer(4)) };
  }

  /**
   * Queues a run; resolves when it ends, with its result or its failure (never rejects),
   * or with null if the pool was stopped before the run started.
   */
  async run(runId: string, hash: string, config: RunConfig, onMessage: (message: RunMessage) => void): Promise<RunEnd | null> {
    // queued runs are not cleared on stop (p-queue would never settle them): each returns at once
    const end = await this.queue.add(async () => (this.stopped ? null : this.runOnWorker({ type: 'train', runId, hash, config }, onMessage)));
    return end ?? null;
  }

  /** Starts no more queued runs and asks the running ones to stop at their next iteration. */
  stop(): void {
    this.stopped = true;
    Atomics.store(this.setup.stop, 0, 1);
  }

  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()));
  }

  private runOnWorker(request: ToWorker, onMessage: (message: RunMessage) => void): Promise<RunEnd> {
    const worker = this.idle.pop() ?? new Worker(WORKER_FILE, { workerData: this.setup });
    return new Promise<RunEnd>((resolve) => {
      const finish = (end: RunEnd, healthy: boolean): void => {
        worker.off('message', onWorkerMessage).off('error', onError).off('exit', onExit);
        if (healthy) this.idle.push(worker);
        else void worker.terminate();
        resolve(end);
      };
      const onWorkerMessage = (message: FromWorker): void => {
        if (message.type === 'done' || message.type === 'failed') finish(message, true);
        else onMessage(message);
      };
      const onError = (error: Error): void => finish({ type: 'failed', runId: request.runId, error: `worker crashed: ${error.message}` }, false);
      const onExit = (code: number): void => finish({ type: 'failed', runId: request.runId, error: `worker exited with code ${code}` }, false);
      worker.on('message', onWorkerMessage).on('error', onError).on('exit', onExit);
      worker.postMessage(request);
    });
  }
}
