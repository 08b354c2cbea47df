/**
 * A queue worker's thread pools, one per dataset, each in a shared memory of its own, and each
 * no larger than its runs fit in side by side (schedule/memory-fit.ts, as `run` sizes its pool).
 * The bound is on threads, not on runs at once: a thread keeps the memory its biggest task took
 * (core/kernels/memory.ts never gives any back), and evaluations go to any thread. A run that
 * fits fewer threads than its dataset's pool has waits for that pool's runs to end, and trains
 * on a smaller pool made in its place; the runs after it wait their turn behind it, and share
 * it while it trains. A run that fits more threads than an idle pool has gets a pool of its
 * size in that one's place: a big run once does not keep the worker small for its lifetime.
 */
import type { LocalExecutor } from '../schedule/local-executor.js';

interface Pool {
  executor: LocalExecutor;
  size: number;
  running: number;
  /** Called when `running` drops to 0. */
  drained: (() => void)[];
}

export class FittedPools {
  private readonly pools = new Map<string, Pool>();
  /** Each dataset's last pick of a pool: picks are made one at a time, in the order asked. */
  private readonly picking = new Map<string, Promise<unknown>>();
  /** Every pool made, the replaced ones still training included. */
  private readonly all = new Set<LocalExecutor>();

  /** `make` starts a pool of `size` threads on the dataset in `dir`. */
  constructor(private readonly make: (dir: string, size: number) => LocalExecutor) {}

  /** Runs `train` on a pool of the dataset in `dir` of at most `size` threads. */
  async train<T>(dir: string, size: number, train: (executor: LocalExecutor) => Promise<T>): Promise<T> {
    const picked = (this.picking.get(dir) ?? Promise.resolve()).then(() => this.pick(dir, size));
    this.picking.set(dir, picked.catch(() => {}));
    const pool = await picked;
    try {
      return await train(pool.executor);
    } finally {
      if (--pool.running === 0) for (const drained of pool.drained.splice(0)) drained();
    }
  }

  stop(): void {
    for (const executor of this.all) executor.stop();
  }

  async close(): Promise<void> {
    await Promise.all([...this.all].map((executor) => executor.close()));
  }

  private async pick(dir: string, size: number): Promise<Pool> {
    let pool = this.pools.get(dir);
    if (pool && (pool.size > size || (pool.size < size && pool.running === 0))) {
      const old = pool;
      this.pools.delete(dir);
      if (old.running > 0) await new Promise<void>((drained) => old.drained.push(drained));
      await old.executor.close();
      this.all.delete(old.executor);
      pool = undefined;
    }
    if (!pool) {
      pool = { executor: this.make(dir, size), size, running: 0, drained: [] };
      this.all.add(pool.executor);
      this.pools.set(dir, pool);
    }
    pool.running++;
    return pool;
  }
}
