/** A queue worker's pools: one per dataset, never more threads than its runs fit side by side in their memory. */
import { describe, expect, it } from 'vitest';
import { FittedPools } from '../../src/queue/fitted-pools.js';
import type { LocalExecutor } from '../../src/schedule/local-executor.js';

interface FakePool { dir: string; size: number; stopped: boolean; closed: boolean }

/** Pools that record how they were made, stopped and closed. */
function fakePools(): { pools: FittedPools; made: FakePool[] } {
  const made: FakePool[] = [];
  const pools = new FittedPools((dir, size) => {
    const pool: FakePool = { dir, size, stopped: false, closed: false };
    made.push(pool);
    return { stop: () => void (pool.stopped = true), close: async () => void (pool.closed = true), pool } as unknown as LocalExecutor;
  });
  return { pools, made };
}

/** Every promise callback that can run now has run: a turn of the event loop, no time waited. */
const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const poolOf = (executor: LocalExecutor): FakePool => (executor as unknown as { pool: FakePool }).pool;

/** A training that ends when told to. */
function held(): { train: (executor: LocalExecutor) => Promise<FakePool>; end: () => void; on: Promise<FakePool> } {
  let end = (): void => {};
  let began = (_: FakePool): void => {};
  const on = new Promise<FakePool>((resolve) => (began = resolve));
  const ended = new Promise<void>((resolve) => (end = resolve));
  return { train: async (executor) => { began(poolOf(executor)); await ended; return poolOf(executor); }, end, on };
}

describe('the pools of a queue worker', () => {
  it('makes one pool per dataset, of the threads asked, and trains later runs that fit as many or more on it', async () => {
    const { pools, made } = fakePools();
    const a = held();
    const b = held();
    const training = [pools.train('mnist', 2, a.train), pools.train('mnist', 4, b.train), pools.train('digits', 3, async (e) => poolOf(e))];
    expect(await a.on).toBe(await b.on);
    a.end();
    b.end();
    await Promise.all(training);
    expect(made).toEqual([{ dir: 'mnist', size: 2, stopped: false, closed: false }, { dir: 'digits', size: 3, stopped: false, closed: false }]);
  });

  it('has a run that fits fewer threads wait for the pool\'s runs to end, then train on a smaller pool made in its place; runs after it wait behind it', async () => {
    const { pools, made } = fakePools();
    const small = held();
    const first = pools.train('mnist', 4, small.train);
    await small.on;
    const order: string[] = [];
    const big = pools.train('mnist', 1, async (e) => (order.push('big'), poolOf(e)));
    const after = pools.train('mnist', 4, async (e) => (order.push('after'), poolOf(e)));
    // the small run holds the pool of 4: the big run has not started, nor the one behind it
    await settled();
    expect(order).toEqual([]);
    small.end();
    expect((await first).size).toBe(4);
    expect((await big).size).toBe(1);
    expect((await after).size).toBe(1);
    expect(order).toEqual(['big', 'after']);
    expect(made.map((p) => [p.size, p.closed])).toEqual([[4, true], [1, false]]);
  });

  it('gives a run that fits more threads than the idle pool a pool of its size, in place of the smaller one', async () => {
    const { pools, made } = fakePools();
    expect((await pools.train('mnist', 1, async (e) => poolOf(e))).size).toBe(1);
    expect((await pools.train('mnist', 4, async (e) => poolOf(e))).size).toBe(4);
    expect((await pools.train('mnist', 4, async (e) => poolOf(e))).size).toBe(4);
    expect(made.map((p) => [p.size, p.closed])).toEqual([[1, true], [4, false]]);
  });

  it('stops every pool, a replaced one still training included, and closes them all', async () => {
    const { pools, made } = fakePools();
    const small = held();
    const first = pools.train('mnist', 4, small.train);
    await small.on;
    const big = pools.train('mnist', 1, async (e) => poolOf(e));
    await settled();
    pools.stop();
    expect(made.map((p) => p.stopped)).toEqual([true]);
    small.end();
    await Promise.all([first, big]);
    await pools.close();
    expect(made.map((p) => [p.size, p.closed])).toEqual([[4, true], [1, true]]);
  });
});
