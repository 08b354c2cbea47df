import { describe, expect, it } from 'vitest';
import type { TrainCheckpoint } from '../../src/core/train.js';
import type { RunResult } from '../../src/results/types.js';
import { halveGroup, type HalvingSteps, type Reached } from '../../src/schedule/halving-search.js';
import type { PlannedRun, ScheduleSpec } from '../../src/spec/types.js';

const ITERATIONS = 91;
const schedule: ScheduleSpec = { kind: 'successive_halving', min_iterations: 10, reduction: 3 };
const runs = Array.from({ length: 9 }, (_, t) => ({
  id: `t00${t}`, hash: `h${t}`, values: {},
  config: { data: { train: { split: 'train', start: 0, end: 500 } }, training: { iterations: ITERATIONS, batch_size: 50, eval_every: 10 } },
}) as unknown as PlannedRun);

/** Trial t's accuracy at iteration i: a fixed, made-up curve (ties between trials 2 and 5 at every point). */
const accuracy = (t: number, i: number): number => ([3, 1, 7, 2, 8, 7, 0, 5, 6][t] + i / 100) / 10;

function checkpointAt(t: number, done: number): TrainCheckpoint {
  const evaluations = Array.from({ length: Math.ceil(done / 10) }, (_, k) => ({ iteration: k * 10, epoch: k, accuracy: { v: accuracy(t, k * 10) } }));
  return { iteration: done, tensors: [], optimizer: { step: done, slots: [] }, random: [], sampler: { order: null, next: 0 }, losses: new Float64Array(done), evaluations, divergence: { limit: 1, above: 0 } };
}

/** Steps whose trainings finish in the order `order` picks among those waiting, recording what was trained and pruned. */
function steps(order: (waiting: number) => number, cached: Map<string, RunResult> = new Map()) {
  const trained: string[] = [];
  const pruned: Record<string, number> = {};
  const kept: Record<string, number> = {};
  const waiting: (() => void)[] = [];
  const flush = (): void => {
    if (waiting.length === 0) return;
    waiting.splice(order(waiting.length) % waiting.length, 1)[0]();
    setImmediate(flush);
  };
  const s: HalvingSteps = {
    async reach(run, pauseAfter): Promise<Reached> {
      const t = runs.indexOf(run);
      const known = cached.get(run.id);
      if (known && (known.status !== 'pruned' || (pauseAfter !== null && known.prunedAt! >= pauseAfter))) return { result: known };
      trained.push(`${run.id}->${pauseAfter ?? 'end'}`);
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        setImmediate(flush);
      });
      if (pauseAfter !== null) return { checkpoint: checkpointAt(t, pauseAfter + 1) };
      const c = checkpointAt(t, ITERATIONS);
      return { result: { run, status: 'completed', losses: Array.from(c.losses), evaluations: c.evaluations, divergedAt: null, error: null } };
    },
    prune: (result) => void (pruned[result.run.id] = result.prunedAt!),
    kept: (result, at) => void (kept[result.run.id] = at),
    score: (result) => result.evaluations.at(-1)?.accuracy.v ?? null,
    mode: 'max',
    metric: 'v_accuracy',
  };
  return { s, trained, pruned, kept };
}

describe('halving a group of trials', () => {
  it('prunes the same trials whatever order their trainings finish in; ties go to the earlier trial', async () => {
    const outcomes = [];
    for (const order of [() => 0, (n: number) => n - 1, (n: number) => (n * 7919) >> 3]) {
      const { s, pruned } = steps(order);
      expect(await halveGroup(runs, schedule, s)).toBe(true);
      outcomes.push(pruned);
    }
    // rung 10: the best 3 of the scores 3,1,7,2,8,7,0,5,6 are t4 (8), then t2 and t5 (7 each); rung 30: t4
    expect(outcomes[0]).toEqual({ t000: 10, t001: 10, t003: 10, t006: 10, t007: 10, t008: 10, t002: 30, t005: 30 });
    expect(outcomes[1]).toEqual(outcomes[0]);
    expect(outcomes[2]).toEqual(outcomes[0]);
  });

  it('breaks a tie at a rung by trial order: of t2 and t5, equal at 20, t2 goes on', async () => {
    const { s, pruned, trained } = steps(() => 0);
    await halveGroup(runs, { ...schedule, reduction: 2 }, s);
    // reduction 2: rung 10 keeps 4 (t4, t2, t5, t8), rung 20 keeps 2 (t4, t2), rung 40 keeps t4; t5 is pruned at 20 after t2 on the tie
    expect(pruned.t005).toBe(20);
    expect(pruned.t002).toBe(40);
    expect(trained.filter((x) => x.endsWith('end'))).toEqual(['t004->end']);
  });

  it('trains nothing again for cached trials, and retrains a cached pruned trial only if it is promoted now', async () => {
    const first = steps(() => 0);
    await halveGroup(runs, schedule, first.s);
    const cached = new Map<string, RunResult>(Object.entries(first.pruned).map(([id, at]) => {
      const t = runs.findIndex((r) => r.id === id);
      const c = checkpointAt(t, at + 1);
      return [id, { run: runs[t], status: 'pruned', losses: [], evaluations: c.evaluations, divergedAt: null, error: null, prunedAt: at }];
    }));
    const again = steps(() => 0, cached);
    await halveGroup(runs, schedule, again.s);
    expect(again.trained).toEqual(['t004->10', 't004->30', 't004->end']);
    expect(again.pruned).toEqual({});
  });

  it('keeps, and names, a cached trial that went further than this ranking lets it, and trains the one it promotes instead', async () => {
    // an earlier search completed t000 (scored 3 at rung 10, where this one keeps t4, t2 and t5) and pruned the rest at 10
    const full = (t: number): RunResult => {
      const c = checkpointAt(t, ITERATIONS);
      return { run: runs[t], status: 'completed', losses: Array.from(c.losses), evaluations: c.evaluations, divergedAt: null, error: null };
    };
    const prunedAt10 = (t: number): RunResult => {
      const c = checkpointAt(t, 11);
      return { run: runs[t], status: 'pruned', losses: Array.from(c.losses), evaluations: c.evaluations, divergedAt: null, error: null, prunedAt: 10 };
    };
    const cached = new Map<string, RunResult>(runs.map((run, t) => [run.id, t === 0 ? full(t) : prunedAt10(t)]));
    const again = steps(() => 0, cached);
    expect(await halveGroup(runs, schedule, again.s)).toBe(true);
    expect(again.kept).toEqual({ t000: 10 });
    // t000's folder is not cut back; the trials this ranking promotes train on from rung 10
    expect(again.pruned).toEqual({ t002: 30, t005: 30 });
    expect(again.trained).toEqual(['t002->30', 't004->30', 't005->30', 't004->end']);
  });

  it('counts a cached finished trial at every rung it passed, so a rerun that trains some trials again keeps as many at each rung', async () => {
    const first = steps(() => 0);
    await halveGroup(runs, schedule, first.s);
    const t4 = checkpointAt(4, ITERATIONS);
    const cached = new Map<string, RunResult>([
      ...Object.entries(first.pruned).filter(([id]) => id !== 't002').map(([id, at]): [string, RunResult] => {
        const t = runs.findIndex((r) => r.id === id);
        return [id, { run: runs[t], status: 'pruned', losses: [], evaluations: checkpointAt(t, at + 1).evaluations, divergedAt: null, error: null, prunedAt: at }];
      }),
      ['t004', { run: runs[4], status: 'completed', losses: [], evaluations: t4.evaluations, divergedAt: null, error: null }],
    ]);
    // t002's folder is gone: it trains to rung 10 and 30 again, and at 30 it meets t004 and t005 as before, so it is pruned there again
    const again = steps(() => 0, cached);
    await halveGroup(runs, schedule, again.s);
    expect(again.trained).toEqual(['t002->10', 't002->30']);
    expect(again.pruned).toEqual({ t002: 30 });
  });
});
