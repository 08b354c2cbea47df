/**
 * The worker pool's order of tasks, with stand-ins for the worker threads that answer when
 * the test says: the dataset goes to every worker before any task, evaluations go before
 * trainings, except that the last run to train goes first once no other training is
 * running (on more than one worker), and a worker that dies while idle is replaced.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { emptyCarry, type ScoreCarry } from '../../src/core/score-carry.js';
import type { SharedDataset } from '../../src/core/shared-dataset.js';
import { WorkerPool, type PoolWorker, type RunMessage } from '../../src/schedule/pool.js';
import type { FromWorker, Snapshot, ToWorker, WorkerDataset } from '../../src/schedule/protocol.js';
import type { RunConfig } from '../../src/spec/types.js';

/** A worker thread's stand-in: it keeps what it is sent, and answers what the test makes it say. */
class StandIn extends EventEmitter {
  readonly received: (ToWorker | WorkerDataset)[] = [];
  /** The buffers each message was sent with, moved rather than copied. */
  readonly transferred: unknown[][] = [];
  private waiting: ((message: ToWorker | WorkerDataset) => void)[] = [];

  postMessage(message: ToWorker | WorkerDataset, transfer: unknown[] = []): void {
    this.received.push(message);
    this.transferred.push(transfer);
    // everyone waiting was waiting for this one
    for (const resolve of this.waiting.splice(0)) resolve(message);
  }

  /** The next message sent to it (or the one already sent and not yet taken). */
  next(taken: number): Promise<ToWorker | WorkerDataset> {
    if (this.received.length > taken) return Promise.resolve(this.received[taken]);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  say(message: FromWorker): void {
    this.emit('message', message);
  }

  terminate(): Promise<number> {
    return Promise.resolve(0);
  }
}

const dataset = { memory: null, dataset: null } as unknown as SharedDataset;
const config = {} as RunConfig;
const snapshot = (iteration: number): Snapshot => ({ iteration, epoch: 0, last: false, tensors: [], checkpoint: null });
const done = (runId: string): FromWorker => ({ type: 'done', runId, status: 'completed' } as unknown as FromWorker);

/** That `message` is an evaluation request like `like`, handed exactly these dead units (toMatchObject would take any for {}). */
function expectEvaluation(message: ToWorker | WorkerDataset, like: Record<string, unknown>, deadUnits: unknown): void {
  expect(message).toMatchObject({ type: 'evaluate', ...like });
  expect((message as Extract<ToWorker, { type: 'evaluate' }>).deadUnits).toEqual(deadUnits);
}

/**
 * A pool of `size` stand-ins; each training queues an evaluation of every snapshot it hands over, as the runner does.
 * A worker takes `batch` snapshots of a run at most (1: one per request, as the tests of the order of tasks assume).
 */
function poolOf(size: number, batch = 1) {
  const workers: StandIn[] = [];
  const started = new EventEmitter();
  const pool = new WorkerPool(size, () => {
    const worker = new StandIn();
    workers.push(worker);
    started.emit('worker');
    return worker as unknown as PoolWorker;
  }, batch);
  /** The `n`th worker started (from 0), once it is. */
  const nth = (n: number): Promise<StandIn> => new Promise((resolve) => {
    const look = (): void => {
      if (workers.length <= n) return;
      started.off('worker', look);
      resolve(workers[n]);
    };
    started.on('worker', look);
    look();
  });
  const taken = new Map<StandIn, number>();
  /** What `worker` is sent next, after the messages already looked at. */
  const nextFor = async (worker: StandIn): Promise<ToWorker | WorkerDataset> => {
    const at = taken.get(worker) ?? 0;
    taken.set(worker, at + 1);
    return worker.next(at);
  };
  const train = (runId: string) => pool.train(runId, 'hash', config, (message: RunMessage) => {
    if (message.type === 'snapshot') void pool.evaluate(runId, config, message.snapshot);
  });
  /** The workers training these runs, in their order, once each has its dataset and its training. */
  const trainingOf = async (runIds: string[]): Promise<StandIn[]> => {
    const got = new Map<string, StandIn>();
    for (const worker of workers) {
      expect((await nextFor(worker)).type).toBe('dataset');
      const task = await nextFor(worker);
      if (task.type === 'train') got.set(task.runId, worker);
    }
    return runIds.map((id) => got.get(id)!);
  };
  /** Runs r1 and r2 trained on two workers, r1 handing over `snapshots` snapshots; both done, so that the workers are free to evaluate r1's. */
  const evaluatingSnapshots = async (snapshots: number): Promise<[StandIn, StandIn]> => {
    pool.useDataset(dataset);
    void train('r1');
    void train('r2');
    const [a, b] = await trainingOf(['r1', 'r2']);
    for (let i = 0; i < snapshots; i++) a.say({ type: 'snapshot', runId: 'r1', snapshot: snapshot(i) });
    a.say(done('r1'));
    b.say(done('r2'));
    return [a, b];
  };
  return { pool, workers, nth, nextFor, train, trainingOf, evaluatingSnapshots };
}

describe('the worker pool', () => {
  it('starts its workers at once, and hands each the dataset before its first task', async () => {
    const { pool, workers, nextFor, train } = poolOf(2);
    expect(workers).toHaveLength(2);
    pool.useDataset(dataset);
    void train('a');
    void train('b');
    for (const worker of workers) {
      expect(await nextFor(worker)).toEqual({ type: 'dataset', shared: dataset });
      expect((await nextFor(worker)).type).toBe('train');
    }
  });

  it('gives a worker that finished training the evaluations queued, while another run still trains', async () => {
    const { pool, nextFor, train, trainingOf } = poolOf(2);
    pool.useDataset(dataset);
    for (const id of ['r1', 'r2', 'r3', 'r4']) void train(id);
    const [a] = await trainingOf(['r1', 'r2']);
    a.say({ type: 'snapshot', runId: 'r1', snapshot: snapshot(0) });
    a.say(done('r1'));
    // r2 still trains, and two runs wait: the evaluation goes first
    expect(await nextFor(a)).toMatchObject({ type: 'evaluate', runId: 'r1' });
  });

  it('starts the last run to train before the evaluations queued, once no other training is running', async () => {
    const { pool, nextFor, train, trainingOf } = poolOf(2);
    pool.useDataset(dataset);
    for (const id of ['r1', 'r2', 'r3']) void train(id);
    const [a, b] = await trainingOf(['r1', 'r2']);
    // both runs hand over snapshots that nobody is free to evaluate
    for (let i = 0; i < 3; i++) {
      a.say({ type: 'snapshot', runId: 'r1', snapshot: snapshot(i) });
      b.say({ type: 'snapshot', runId: 'r2', snapshot: snapshot(i) });
    }
    a.say(done('r1'));
    // r2 still trains: a evaluates
    expect(await nextFor(a)).toMatchObject({ type: 'evaluate', runId: 'r1' });
    b.say(done('r2'));
    // no training left running and one run left to train: it goes before the five evaluations waiting
    expect(await nextFor(b)).toMatchObject({ type: 'train', runId: 'r3' });
  });

  it('keeps evaluations first on a single worker, where nothing could evaluate beside the last run', async () => {
    const { pool, workers: [a], nextFor, train } = poolOf(1);
    pool.useDataset(dataset);
    void train('r1');
    void train('r2');
    await nextFor(a);
    expect(await nextFor(a)).toMatchObject({ type: 'train', runId: 'r1' });
    a.say({ type: 'snapshot', runId: 'r1', snapshot: snapshot(0) });
    a.say(done('r1'));
    expect(await nextFor(a)).toMatchObject({ type: 'evaluate', runId: 'r1' });
  });

  it('hands a run\'s next evaluations the dead units its latest evaluation proved, and no other run\'s', async () => {
    const { pool, nextFor, train, trainingOf } = poolOf(2);
    pool.useDataset(dataset);
    for (const id of ['r1', 'r2']) void train(id);
    const [a, b] = await trainingOf(['r1', 'r2']);
    for (let i = 0; i < 3; i++) a.say({ type: 'snapshot', runId: 'r1', snapshot: snapshot(i) });
    b.say({ type: 'snapshot', runId: 'r2', snapshot: snapshot(0) });
    a.say(done('r1'));
    const proof = (unit: number) => ({ test: { units: [unit], weights: new Float32Array(785).fill(unit) } });
    const evaluated = (runId: string, iteration: number, unit: number): FromWorker =>
      ({ type: 'evaluated', runId, iteration, epoch: 0, accuracy: {}, predictions: null, deadUnits: proof(unit), carries: {} });
    // the first evaluation of r1 knows nothing yet; the next is made when a worker takes it, after the first's proof
    expectEvaluation(await nextFor(a), { runId: 'r1', snapshots: [{ iteration: 0 }] }, {});
    a.say(evaluated('r1', 0, 7));
    expectEvaluation(await nextFor(a), { runId: 'r1', snapshots: [{ iteration: 1 }] }, proof(7));
    a.say(evaluated('r1', 1, 9));
    expectEvaluation(await nextFor(a), { runId: 'r1', snapshots: [{ iteration: 2 }] }, proof(9));
    a.say(evaluated('r1', 2, 11));
    // r2's evaluation gets nothing of r1's
    expectEvaluation(await nextFor(a), { runId: 'r2' }, {});
  });

  it('keeps apart the proofs of two runs of one id whose configs differ (two experiments on a queue worker)', async () => {
    const { pool, workers: [a, b], nextFor } = poolOf(2);
    pool.useDataset(dataset);
    const other = { data: { evaluate: { test: { split: 'train' } } } } as unknown as RunConfig;
    for (const c of [config, other]) {
      void pool.train('r1', 'hash', c, (message: RunMessage) => {
        if (message.type === 'snapshot') void pool.evaluate('r1', c, message.snapshot);
      });
    }
    const trains = new Map<StandIn, ToWorker | WorkerDataset>();
    for (const w of [a, b]) {
      await nextFor(w);
      trains.set(w, await nextFor(w));
    }
    const [first, second] = (trains.get(a) as Extract<ToWorker, { type: 'train' }>).config === config ? [a, b] : [b, a];
    const proof = { test: { units: [7], weights: new Float32Array(785) } };
    first.say({ type: 'snapshot', runId: 'r1', snapshot: snapshot(0) });
    first.say({ type: 'snapshot', runId: 'r1', snapshot: snapshot(1) });
    first.say(done('r1'));
    expectEvaluation(await nextFor(first), { config }, {});
    first.say({ type: 'evaluated', runId: 'r1', iteration: 0, epoch: 0, accuracy: {}, predictions: null, deadUnits: proof, carries: {} });
    // the first run's next evaluation has its proof; the other run's, made after it, has none
    expectEvaluation(await nextFor(first), { config }, proof);
    second.say({ type: 'snapshot', runId: 'r1', snapshot: snapshot(1) });
    second.say(done('r1'));
    expectEvaluation(await nextFor(second), { config: other }, {});
  });

  it('keeps the proof of a run\'s latest evaluation when an earlier one ends after it', async () => {
    const { nextFor, evaluatingSnapshots } = poolOf(2);
    const [a, b] = await evaluatingSnapshots(3);
    const [first, second] = [await nextFor(a), await nextFor(b)];
    expect([first, second].map((m) => (m as Extract<ToWorker, { type: 'evaluate' }>).snapshots[0]!.iteration).sort()).toEqual([0, 1]);
    const [at0, at1] = (first as Extract<ToWorker, { type: 'evaluate' }>).snapshots[0]!.iteration === 0 ? [a, b] : [b, a];
    const proof = (unit: number) => ({ test: { units: [unit], weights: new Float32Array(785).fill(unit) } });
    at1.say({ type: 'evaluated', runId: 'r1', iteration: 1, epoch: 0, accuracy: {}, predictions: null, deadUnits: proof(5), carries: {} });
    at0.say({ type: 'evaluated', runId: 'r1', iteration: 0, epoch: 0, accuracy: {}, predictions: null, deadUnits: proof(3), carries: {} });
    // whichever worker takes the last evaluation, it gets the later proof
    const third = await Promise.race([a, b].map((w) => w.next(w.received.length)));
    expectEvaluation(third, { runId: 'r1', snapshots: [{ iteration: 2 }] }, proof(5));
  });

  it('hands a run\'s certificates to one evaluation at a time, moved with it, and keeps those that evaluation returns', async () => {
    const { pool, nextFor, evaluatingSnapshots } = poolOf(2);
    const [a, b] = await evaluatingSnapshots(4);
    const carries = (n: number): Record<string, ScoreCarry> => ({
      test: { ...emptyCarry(1), classes: Uint8Array.of(n) },
    });
    const evaluated = (iteration: number): FromWorker =>
      ({ type: 'evaluated', runId: 'r1', iteration, epoch: 0, accuracy: {}, predictions: null, deadUnits: {}, carries: carries(iteration) });
    const request = async (worker: StandIn) => (await nextFor(worker)) as Extract<ToWorker, { type: 'evaluate' }>;
    const [first, second] = [await request(a), await request(b)];
    // both start before either returns: one takes the run's (empty) certificates, the other carries none
    expect([first.snapshots[0]!.iteration, second.snapshots[0]!.iteration].sort()).toEqual([0, 1]);
    const [at0, at1] = first.snapshots[0]!.iteration === 0 ? [a, b] : [b, a];
    expect([first, second].find((r) => r.snapshots[0]!.iteration === 0)!.carries).toEqual({});
    expect([first, second].find((r) => r.snapshots[0]!.iteration === 1)!.carries).toBeNull();
    at0.say(evaluated(0));
    const third = await request(at0);
    expect(third.snapshots[0]!.iteration).toBe(2);
    expect(third.carries).toEqual(carries(0));
    expect(at0.transferred.at(-1)).toEqual(expect.arrayContaining([third.carries!.test.margin.buffer, third.carries!.test.classes.buffer]));
    // the certificates of iteration 0 are with the third evaluation: one that starts now (after a failed one that had none) carries none
    at1.say({ type: 'failed', runId: 'r1', error: 'a failure' });
    const fourth = await request(at1);
    expect(fourth.snapshots[0]!.iteration).toBe(3);
    expect(fourth.carries).toBeNull();
    // the certificates the third returns are kept, not the none of the fourth, which returns after it
    at0.say(evaluated(2));
    at1.say({ ...evaluated(3), carries: {} } as FromWorker);
    const fifthEnd = pool.evaluate('r1', config, snapshot(4));
    const fifthWorker = await Promise.race([a, b].map((w) => w.next(w.received.length).then(() => w)));
    const fifth = fifthWorker.received.at(-1) as Extract<ToWorker, { type: 'evaluate' }>;
    expect(fifth.carries).toEqual(carries(2));
    // the evaluation that had them fails (another of the run still running): they are lost, and the next starts afresh rather than carrying none
    const other = fifthWorker === a ? b : a;
    const sixthMessage = other.next(other.received.length);
    void pool.evaluate('r1', config, snapshot(5));
    expect(((await sixthMessage) as Extract<ToWorker, { type: 'evaluate' }>).carries).toBeNull();
    fifthWorker.say({ type: 'failed', runId: 'r1', error: 'a failure' });
    await fifthEnd;
    const seventhMessage = fifthWorker.next(fifthWorker.received.length);
    void pool.evaluate('r1', config, snapshot(6));
    const sixth = (await seventhMessage) as Extract<ToWorker, { type: 'evaluate' }>;
    expect(sixth.snapshots[0]!.iteration).toBe(6);
    expect(sixth.carries).toEqual({});
  });

  it('gives a second free worker another run\'s evaluation rather than one of the run whose certificates the first took', async () => {
    const { pool, nextFor, trainingOf, train } = poolOf(2);
    pool.useDataset(dataset);
    void train('r1');
    void train('r2');
    const [a, b] = await trainingOf(['r1', 'r2']);
    a.say({ type: 'snapshot', runId: 'r1', snapshot: snapshot(0) });
    a.say({ type: 'snapshot', runId: 'r1', snapshot: snapshot(1) });
    b.say({ type: 'snapshot', runId: 'r2', snapshot: snapshot(0) });
    a.say(done('r1'));
    b.say(done('r2'));
    type Evaluate = Extract<ToWorker, { type: 'evaluate' }>;
    const [atA, atB] = [(await nextFor(a)) as Evaluate, (await nextFor(b)) as Evaluate];
    // queued first, r1's second evaluation would have started without certificates, the first having them
    expect([`${atA.runId} ${atA.snapshots[0]!.iteration}`, `${atB.runId} ${atB.snapshots[0]!.iteration}`].sort()).toEqual(['r1 0', 'r2 0']);
    expect([atA.carries, atB.carries]).toEqual([{}, {}]);
    const r1At = atA.runId === 'r1' ? a : b;
    const returned = { test: { ...emptyCarry(1), classes: Uint8Array.of(7) } };
    r1At.say({ type: 'evaluated', runId: 'r1', iteration: 0, epoch: 0, accuracy: {}, predictions: null, deadUnits: {}, carries: returned });
    const third = (await nextFor(r1At)) as Evaluate;
    expect(`${third.runId} ${third.snapshots[0]!.iteration}`).toBe('r1 1');
    expect(third.carries).toEqual(returned);
  });

  describe('with a batch of three', () => {
    type Evaluate = Extract<ToWorker, { type: 'evaluate' }>;
    const evaluated = (iteration: number, carries: Record<string, ScoreCarry> | null): FromWorker =>
      ({ type: 'evaluated', runId: 'r1', iteration, epoch: 0, accuracy: { test: iteration / 10 }, predictions: null, deadUnits: {}, carries });
    /** r1 trained on one worker, handing over `count` snapshots evaluated through pool.evaluate; the worker free, its first request taken. */
    const waiting = async (count: number) => {
      const { pool, workers: [a], nextFor } = poolOf(1, 3);
      pool.useDataset(dataset);
      const ends: Promise<unknown>[] = [];
      void pool.train('r1', 'hash', config, (message: RunMessage) => {
        if (message.type === 'snapshot') ends.push(pool.evaluate('r1', config, message.snapshot));
      });
      await nextFor(a!);
      await nextFor(a!);
      for (let i = 0; i < count; i++) a!.say({ type: 'snapshot', runId: 'r1', snapshot: snapshot(i) });
      a!.say(done('r1'));
      const settled = new Set<number>();
      ends.forEach((end, i) => void end.then(() => settled.add(i)));
      return { a: a!, nextFor, ends, settled, first: (await nextFor(a!)) as Evaluate };
    };

    it('hands a worker a run\'s waiting snapshots together, in order, and answers each as its result comes', async () => {
      const { a, nextFor, ends, settled, first } = await waiting(5);
      expect(first.snapshots.map((s) => s.iteration)).toEqual([0, 1, 2]);
      expect(first.carries).toEqual({});
      a.say(evaluated(0, null));
      expect(await ends[0]).toMatchObject({ iteration: 0, accuracy: { test: 0 } });
      a.say(evaluated(1, null));
      await ends[1];
      // the worker is still on the third: nothing more is sent, and the rest wait
      expect(a.received).toHaveLength(3);
      expect([...settled].sort()).toEqual([0, 1]);
      const carries = { test: { ...emptyCarry(1), classes: Uint8Array.of(2) } };
      a.say(evaluated(2, carries));
      const second = (await nextFor(a)) as Evaluate;
      // the certificates the last of a request returns go with the next
      expect(second.snapshots.map((s) => s.iteration)).toEqual([3, 4]);
      expect(second.carries).toEqual(carries);
    });

    it('ends every snapshot not yet answered when the request fails, and starts the next afresh', async () => {
      const { a, nextFor, ends, first } = await waiting(4);
      expect(first.snapshots).toHaveLength(3);
      a.say(evaluated(0, null));
      a.say({ type: 'failed', runId: 'r1', error: 'a failure' });
      expect(await Promise.all(ends.slice(0, 3))).toMatchObject([{ type: 'evaluated' }, { type: 'failed', error: 'a failure' }, { type: 'failed', error: 'a failure' }]);
      const second = (await nextFor(a)) as Evaluate;
      expect(second.snapshots.map((s) => s.iteration)).toEqual([3]);
      expect(second.carries).toEqual({});
    });
  });

  it('starts a new worker, dataset first, for a task when an idle one has died', async () => {
    const { pool, workers, nth, nextFor, train } = poolOf(1);
    pool.useDataset(dataset);
    const [first] = workers;
    first.emit('exit', 1);
    void train('r1');
    const second = await nth(1);
    expect(second).not.toBe(first);
    expect(await nextFor(second)).toEqual({ type: 'dataset', shared: dataset });
    expect(await nextFor(second)).toMatchObject({ type: 'train', runId: 'r1' });
  });
});
