/**
 * A coordinator's Ctrl-C, heard by the workers training its runs: one Redis key per job
 * (`run-experiments:stop:<job id>`), set by the coordinator for each of its jobs it did not
 * remove, and read by each worker with one MGET per poll over the jobs it is training, only
 * while it trains any. A coordinator started again clears the key of each run it queues.
 */
import type { Redis } from 'ioredis';
import { QUEUE_NAME } from './connection.js';

/** How often a worker looks for stop requests while it trains. */
export const STOP_POLL_MS = 500;
/** A stop request outlives any lock: a stalled job taken over later is stopped too. */
const STOP_TTL_S = 24 * 60 * 60;

export function stopKey(jobId: string): string {
  return `${QUEUE_NAME}:stop:${jobId}`;
}

/** Asks the workers training these jobs to stop them at their next iteration. */
export async function requestStop(redis: Redis, jobIds: string[]): Promise<void> {
  if (jobIds.length === 0) return;
  const batch = redis.multi();
  for (const id of jobIds) batch.set(stopKey(id), '1', 'EX', STOP_TTL_S);
  await batch.exec();
}

/** Withdraws a stop request: the job is the run of a coordinator that is waiting for it again. */
export async function clearStop(redis: Redis, jobId: string): Promise<void> {
  await redis.del(stopKey(jobId));
}

/**
 * A worker's view of stop requests: each job it trains gets an AbortSignal, aborted when
 * the poll finds the job's key. Polls only while it has jobs; a failed poll (Redis away) is
 * tried again at the next tick.
 */
export class StopWatch {
  private readonly watched = new Map<string, { controller: AbortController; onStop: () => void }>();
  private timer: NodeJS.Timeout | null = null;
  private polling = false;

  constructor(private readonly redis: Redis) {}

  /** The job's signal; `onStop` is called once, when its stop is requested (looked for at once: a job stopped before it was taken stops at its start). */
  watch(jobId: string, onStop: () => void): AbortSignal {
    const controller = new AbortController();
    this.watched.set(jobId, { controller, onStop });
    this.timer ??= setInterval(() => void this.poll(), STOP_POLL_MS);
    void this.poll();
    return controller.signal;
  }

  unwatch(jobId: string): void {
    this.watched.delete(jobId);
    if (this.watched.size === 0) this.close();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async poll(): Promise<void> {
    if (this.polling || this.watched.size === 0) return;
    this.polling = true;
    try {
      const ids = [...this.watched.keys()];
      const flags = await this.redis.mget(ids.map(stopKey));
      ids.forEach((id, i) => {
        const entry = this.watched.get(id);
        if (flags[i] === null || !entry || entry.controller.signal.aborted) return;
        entry.onStop();
        entry.controller.abort();
      });
    } catch {
      // Redis away: the next tick asks again
    } finally {
      this.polling = false;
    }
  }
}
