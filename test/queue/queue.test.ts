/**
 * Runs through the queue, end to end: the built CLI's coordinator and worker processes on a
 * redis-server of the test's own. Every set-up must give the bytes a local run gives (all but
 * timings.csv), whatever dies on the way; and the password shows up nowhere.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents, type JobType } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queueMessages as m } from '../../src/queue/messages.js';
import { ATTEMPTS } from '../../src/queue/queue-executor.js';
import { JOB_FORMAT, type RunJobData } from '../../src/queue/job.js';
import { idxImages, idxLabels } from '../fixtures/idx/make-idx.js';
import { run, start, type Finished, type Running } from '../helpers/command-line.js';
import { notTimings, tree } from '../helpers/folders.js';
import { noRedis, PASSWORD, startRedis, type TestRedis } from './redis.js';

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

if (noRedis) console.log(`queue tests skipped: ${noRedis}`);

const TINY = [
  'experiments/lr-comparison.yaml',
  '--set', 'training.iterations=30', '--set', 'training.eval_every=10',
  '--set', 'data.evaluate.train.end=500', '--set', 'data.evaluate.test.end=500',
];
/** Short enough that a dead worker's run moves on in seconds, long enough for a loaded machine to renew locks. */
const SHORT_LOCK_MS = '3000';
const SLOW = 300_000;

describe.skipIf(noRedis)(`runs through a Redis queue${noRedis ? ` (skipped: ${noRedis})` : ''}`, () => {
  let redis: TestRedis;
  const scratch = mkdtempSync(join(tmpdir(), 'queue-'));
  const out = (name: string): string => join(scratch, name);
  /** Every process's output, for the password check. */
  const outputs: Finished[] = [];
  const processes: Running[] = [];

  const worker = (env: Record<string, string> = {}, lockMs?: string, more: string[] = []): Running => {
    const w = start(['worker', '--queue', redis.url, '--concurrency', '1', ...(lockMs ? ['--lock-ms', lockMs] : []), ...more], env);
    processes.push(w);
    void w.done.then((f) => outputs.push(f));
    return w;
  };
  const coordinator = (dir: string, spec: string[] = TINY): Running => {
    const c = start([...spec, '--out', dir, '--queue', redis.url]);
    void c.done.then((f) => outputs.push(f));
    return c;
  };
  const connection = (): { host: string; port: number; password: string } => ({ host: '127.0.0.1', port: redis.port, password: PASSWORD });
  /** The runs whose jobs are on the queue in these states. */
  const runsOnQueue = async (...states: JobType[]): Promise<string[]> => {
    const queue = new Queue('run-experiments', { connection: connection() });
    try {
      return (await queue.getJobs(states)).map((job) => (job.data as RunJobData).run.id).sort();
    } finally {
      await queue.close();
    }
  };
  /** Each `worker: EXPERIMENT/RUN started` line of these workers, sorted. */
  const startedOn = async (...workers: Running[]): Promise<string[]> =>
    (await Promise.all(workers.map((w) => w.done))).flatMap((f) => f.stderr.match(/^worker: \S+ started/gm) ?? []).sort();
  const stopWorkers = async (...workers: Running[]): Promise<void> => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGINT');
    await Promise.all(workers.map((w) => w.done));
  };
  const expectSameAsLocal = (dir: string): void => {
    const local = tree(out('local'), notTimings);
    const queued = tree(dir, notTimings);
    expect([...queued.keys()]).toEqual([...local.keys()]);
    for (const [path, bytes] of local) expect(bytes.equals(queued.get(path)!), path).toBe(true);
  };

  beforeAll(async () => {
    redis = await startRedis();
    const local = await run([...TINY, '--out', out('local'), '--concurrency', '1']);
    expect(local.code, local.stderr).toBe(0);
  }, SLOW);

  // every test starts from an empty Redis: a job one test left (a result collected just
  // before its coordinator was killed) would be collected, rightly, by the next one
  beforeEach(async () => {
    const client = new Redis({ host: '127.0.0.1', port: redis.port, password: PASSWORD });
    await client.flushall();
    client.disconnect();
  });

  afterAll(async () => {
    await stopWorkers(...processes);
    await redis?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }, SLOW);

  it('fails a garbage job placed on the queue with a clear error, and the worker goes on serving', async () => {
    const w = worker();
    await w.waitFor(/worker: serving/);
    const queue = new Queue('run-experiments', { connection: { host: '127.0.0.1', port: redis.port, password: PASSWORD } });
    const events = new QueueEvents('run-experiments', { connection: { host: '127.0.0.1', port: redis.port, password: PASSWORD } });
    try {
      await events.waitUntilReady();
      const garbage = await queue.add('train', { hello: 'world' }, { jobId: 'garbage' });
      await expect(garbage.waitUntilFinished(events)).rejects.toThrow(m.jobMalformed('garbage', `expected {format: ${JOB_FORMAT}, run, datasetSha256}`));
      expect(await (await queue.getJob('garbage'))?.getState()).toBe('failed');
    } finally {
      await Promise.all([queue.close(), events.close()]);
    }
    const served = await coordinator(out('after-garbage')).done;
    expect(served.code, served.stderr).toBe(0);
    expectSameAsLocal(out('after-garbage'));
    await stopWorkers(w);
  }, SLOW);

  it('gives the bytes of a local run with one worker process and with three', async () => {
    const one = worker();
    const single = await coordinator(out('one')).done;
    expect(single.code, single.stderr).toBe(0);
    await stopWorkers(one);
    expectSameAsLocal(out('one'));

    const three = [worker(), worker(), worker()];
    const multi = await coordinator(out('three')).done;
    expect(multi.code, multi.stderr).toBe(0);
    await stopWorkers(...three);
    expectSameAsLocal(out('three'));
    // each run trained once, by one of the three
    const logs = await Promise.all(three.map((w) => w.done));
    const started = logs.flatMap((f) => f.stderr.match(/^worker: lr-comparison\/\S+ started/gm) ?? []);
    expect(started.sort()).toEqual(['lr-0.5', 'lr-1.2', 'lr-1.5'].map((id) => `worker: lr-comparison/${id} started`));
  }, SLOW);

  it('hands the run of a worker SIGKILLed mid-run to another worker once its lock expires, with the same bytes', async () => {
    const doomed = worker({ RUN_EXPERIMENTS_HOLD: 'lr-1.2@5' }, SHORT_LOCK_MS);
    const c = coordinator(out('killed-worker'));
    await doomed.waitFor(/hold: lr-1\.2 at iteration 5/);
    doomed.child.kill('SIGKILL');
    const rescuer = worker({}, SHORT_LOCK_MS);
    const finished = await c.done;
    expect(finished.code, finished.stderr).toBe(0);
    // the coordinator says why the run started again, once, when the dead worker's lock expired
    expect(finished.stderr.split(m.workerLost('lr-1.2'))).toHaveLength(2);
    await rescuer.waitFor(/lr-comparison\/lr-1\.2 started/);
    await stopWorkers(rescuer);
    expectSameAsLocal(out('killed-worker'));
  }, SLOW);

  it('says a SIGKILLed worker is lost while no other worker runs, once, and the run goes on when one starts', async () => {
    const doomed = worker({ RUN_EXPERIMENTS_HOLD: 'lr-1.2@5' }, SHORT_LOCK_MS);
    const c = coordinator(out('lone-worker-killed'));
    await doomed.waitFor(/hold: lr-1\.2 at iteration 5/);
    doomed.child.kill('SIGKILL');
    // no worker is left to find the lock expired: the coordinator's own poll does
    await c.waitFor(new RegExp(escape(m.workerLost('lr-1.2'))));
    const rescuer = worker({}, SHORT_LOCK_MS);
    const finished = await c.done;
    expect(finished.code, finished.stderr).toBe(0);
    // the rescuer's finding the same loss is not said again
    expect(finished.stderr.split(m.workerLost('lr-1.2'))).toHaveLength(2);
    await stopWorkers(rescuer);
    expectSameAsLocal(out('lone-worker-killed'));
  }, SLOW);

  it('finishes after the coordinator is SIGKILLed and restarted, without retraining finished runs', async () => {
    const release = out('release-coordinator');
    const w = worker({ RUN_EXPERIMENTS_HOLD: 'lr-1.2@5', RUN_EXPERIMENTS_HOLD_RELEASE: release });
    const first = coordinator(out('killed-coordinator'));
    await first.waitFor(/lr-0\.5: completed/);
    await w.waitFor(/hold: lr-1\.2 at iteration 5/);
    first.child.kill('SIGKILL');
    await first.done;
    writeFileSync(release, '');
    await w.waitFor(/worker: lr-1\.5 completed/);

    const second = await coordinator(out('killed-coordinator')).done;
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('lr-0.5: already completed');
    expect(second.stderr).toContain(m.collected('lr-1.2'));
    expect(second.stderr).toContain(m.collected('lr-1.5'));
    await stopWorkers(w);
    const trained = (await w.done).stderr.match(/^worker: lr-comparison\/\S+ started/gm) ?? [];
    expect(trained.sort()).toEqual(['lr-0.5', 'lr-1.2', 'lr-1.5'].map((id) => `worker: lr-comparison/${id} started`));
    expectSameAsLocal(out('killed-coordinator'));
  }, SLOW);

  it('carries on through a Redis restart mid-experiment: worker and coordinator reconnect', async () => {
    const release = out('release-redis');
    const w = worker({ RUN_EXPERIMENTS_HOLD: 'lr-0.5@5', RUN_EXPERIMENTS_HOLD_RELEASE: release });
    const c = coordinator(out('redis-restart'));
    await w.waitFor(/hold: lr-0\.5 at iteration 5/);
    await redis.restart();
    writeFileSync(release, '');
    const finished = await c.done;
    expect(finished.code, finished.stderr).toBe(0);
    await stopWorkers(w);
    expectSameAsLocal(out('redis-restart'));
  }, SLOW);

  it('on Ctrl-C removes the runs not started, stops the running one on its worker at its next iteration, exits 130; run again, it resumes', async () => {
    const release = out('release-interrupt');
    const w = worker({ RUN_EXPERIMENTS_HOLD: 'lr-1.2@5', RUN_EXPERIMENTS_HOLD_RELEASE: release });
    const first = coordinator(out('interrupted'));
    await first.waitFor(/lr-0\.5: completed/);
    await w.waitFor(/hold: lr-1\.2 at iteration 5/);
    first.child.kill('SIGINT');
    const stopped = await first.done;
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toContain(m.removedWaiting(1, 1));
    // lr-1.5 is gone from the queue; lr-1.2, held at iteration 5, is still the worker's
    expect(await runsOnQueue('waiting', 'delayed', 'prioritized', 'active')).toEqual(['lr-1.2']);

    // the worker hears the stop while the run is held, and the run stops once it moves on
    await w.waitFor(/worker: lr-1\.2 stopping at its next iteration/);
    writeFileSync(release, '');
    await w.waitFor(/worker: job \S+ failed: stopped/);
    expect(await runsOnQueue('failed')).toEqual(['lr-1.2']);
    expect(w.child.exitCode).toBeNull();

    const again = await coordinator(out('interrupted')).done;
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('lr-0.5: already completed');
    await stopWorkers(w);
    // lr-1.2 trained twice (stopped, then anew), no run a third time, lr-1.5 only once asked for again
    expect(await startedOn(w)).toEqual(['lr-0.5', 'lr-1.2', 'lr-1.2', 'lr-1.5'].map((id) => `worker: lr-comparison/${id} started`));
    expect((await w.done).stderr).toContain(`failed: ${m.jobStopped}`);
    expectSameAsLocal(out('interrupted'));
  }, SLOW);

  it('trains two runs of one config (momentum varied under sgd, which does not read it) as two jobs, and finishes', async () => {
    const w = worker();
    const spec = [...TINY, '--set', 'grid={training.learning_rate: [0.5], training.momentum: [0.5, 0.9]}'];
    const finished = await coordinator(out('same-config'), spec).done;
    expect(finished.code, finished.stderr).toBe(0);
    await stopWorkers(w);
    const runs = ['lr-0.5_momentum-0.5', 'lr-0.5_momentum-0.9'];
    const metrics = runs.map((id) => readFileSync(join(out('same-config'), 'runs', id, 'metrics.csv'), 'utf8'));
    expect(metrics[1]).toBe(metrics[0]);
    expect((await startedOn(w)).filter((line) => line.includes('lr-0.5_momentum'))).toHaveLength(2);
  }, SLOW);

  it('finishes a run two coordinators wait on when one of them is interrupted, training it anew once', async () => {
    const release = out('release-two');
    const w = worker({ RUN_EXPERIMENTS_HOLD: 'lr-1.2@5', RUN_EXPERIMENTS_HOLD_RELEASE: release });
    const stays = coordinator(out('two-stays'));
    await w.waitFor(/hold: lr-1\.2 at iteration 5/);
    // a second coordinator of the same runs (another results folder): its jobs are the same jobs
    const leaves = coordinator(out('two-leaves'));
    await leaves.waitFor(/already on the queue/);
    leaves.child.kill('SIGINT');
    expect((await leaves.done).code).toBe(130);
    await w.waitFor(/worker: lr-1\.2 stopping at its next iteration/);
    writeFileSync(release, '');
    const finished = await stays.done;
    expect(finished.code, finished.stderr).toBe(0);
    await stopWorkers(w);
    // lr-1.2 stopped for the coordinator that left, then trained once more for the one that stayed, not again and again
    expect((await startedOn(w)).filter((line) => line.includes('lr-1.2'))).toHaveLength(2);
    expectSameAsLocal(out('two-stays'));
  }, SLOW);

  it(`retries a run that keeps failing ${ATTEMPTS} times in all, then reports it failed (exit 1), the other runs written`, async () => {
    const w = worker({ RUN_EXPERIMENTS_FAULT: 'throw:lr-1.2' });
    const finished = await coordinator(out('failing')).done;
    expect(finished.code, finished.stderr).toBe(1);
    expect(finished.stdout).toMatch(new RegExp(`^lr-1\\.2\\s+failed\\s+-.*${escape(m.jobFailed('worker crashed: injected fault in run lr-1.2'))}`, 'm'));
    expect(readFileSync(join(out('failing'), 'runs.csv'), 'utf8')).toMatch(/^lr-1\.2,1\.2,failed,/m);
    await stopWorkers(w);
    const started = await startedOn(w);
    expect(started.filter((line) => line.includes('lr-1.2'))).toHaveLength(ATTEMPTS);
    expect(started.filter((line) => !line.includes('lr-1.2'))).toEqual(['lr-0.5', 'lr-1.5'].map((id) => `worker: lr-comparison/${id} started`));
  }, SLOW);

  it('has a worker whose copy of a data.path dataset differs refuse its runs and say why; the worker goes on serving', async () => {
    const data = out('digits');
    mkdirSync(data);
    const labels = (n: number, shift: number): Uint8Array => idxLabels(Array.from({ length: n }, (_, i) => (i + shift) % 3));
    writeFileSync(join(data, 'train-images-idx3-ubyte'), idxImages(60, 28, 28));
    writeFileSync(join(data, 'train-labels-idx1-ubyte'), labels(60, 0));
    writeFileSync(join(data, 't10k-images-idx3-ubyte'), idxImages(20, 28, 28));
    writeFileSync(join(data, 't10k-labels-idx1-ubyte'), labels(20, 0));
    const spec = out('digits.yaml');
    writeFileSync(spec, ['name: digits', 'data:', '  path: ./digits', '  evaluate: { test: { split: test } }', 'training: { iterations: 5, batch_size: 10, eval_every: 5 }', ''].join('\n'));

    // the coordinator hashes its files and queues the run; then this machine's copy changes
    const c = coordinator(out('digits-out'), [spec]);
    await c.waitFor(/1 runs queued/);
    writeFileSync(join(data, 'train-labels-idx1-ubyte'), labels(60, 1));
    const w = worker({}, undefined, ['--data', data]);
    const finished = await c.done;
    expect(finished.code, finished.stderr).toBe(1);
    const refusal = (await w.waitFor(/failed: dataset /)).replace(/^worker: job \S+ failed: /, '');
    expect(refusal).toMatch(new RegExp(`^dataset ${escape(data)}: the coordinator's files have sha256 [0-9a-f]{16}, this worker's ${escape(data)} has [0-9a-f]{16}; refused$`));
    expect(finished.stdout).toContain(refusal);
    expect(w.child.exitCode).toBeNull();
    await stopWorkers(w);
  }, SLOW);

  it('gives the bytes of a local run for a 24-run grid through 2 worker processes', async () => {
    const grid = [...TINY, '--set', 'grid.training.learning_rate=[0.05,0.1,0.2,0.5,0.8,1.2]', '--set', 'repeat=4', '--set', 'training.iterations=10', '--set', 'training.eval_every=5',
      '--set', 'data.evaluate.train.end=100', '--set', 'data.evaluate.test.end=100'];
    const local = await run([...grid, '--out', out('grid-local'), '--concurrency', '2']);
    expect(local.code, local.stderr).toBe(0);
    const two = [worker(), worker()];
    const queued = await coordinator(out('grid-queue'), grid).done;
    expect(queued.code, queued.stderr).toBe(0);
    await stopWorkers(...two);
    expect(await startedOn(...two)).toHaveLength(24);
    const a = tree(out('grid-local'), notTimings);
    const b = tree(out('grid-queue'), notTimings);
    expect([...a.keys()].filter((path) => path.endsWith('/config.json'))).toHaveLength(24);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [path, bytes] of a) expect(bytes.equals(b.get(path)!), path).toBe(true);
  }, SLOW);

  it('says in one line, within seconds, that Redis is unreachable, naming the URL without its password (exit 2)', async () => {
    const closed = `redis://:${PASSWORD}@127.0.0.1:1`;
    const result = await run([...TINY, '--out', out('unreachable'), '--queue', closed]);
    outputs.push(result);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(m.unreachable('redis://:***@127.0.0.1:1', 'connect ECONNREFUSED 127.0.0.1:1'));
    expect(result.stderr).not.toMatch(/^\s+at /m);
  }, SLOW);

  it('never shows the password: not in any process output, not in any results file', async () => {
    await stopWorkers(...processes);
    expect(outputs.length).toBeGreaterThan(10);
    for (const { stdout, stderr } of outputs) expect(stdout + stderr).not.toContain(PASSWORD);
    expect(outputs.some(({ stderr }) => stderr.includes('redis://:***@127.0.0.1'))).toBe(true);
    for (const [path, bytes] of tree(scratch)) expect(bytes.includes(PASSWORD), path).toBe(false);
  }, SLOW);
});
