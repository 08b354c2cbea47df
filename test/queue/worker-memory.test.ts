/**
 * A queue worker takes no more runs at once than fit side by side in the kernels' shared
 * 4 GiB, as `run` does (schedule/memory-fit.ts): two ConvNet runs of about 1.9 GiB each, taken
 * together by a worker of concurrency 2, used to fail with "Maximum memory size exceeded".
 * Through the built CLI, on a redis-server of the test's own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planRuns } from '../../src/plan/plan.js';
import { queueMessages as m } from '../../src/queue/messages.js';
import { workersThatFit } from '../../src/schedule/memory-fit.js';
import { loadSpecText } from '../../src/spec/load.js';
import { start, type Running } from '../helpers/command-line.js';
import { noRedis, startRedis, type TestRedis } from './redis.js';

/** Two runs of a network whose estimate (1.9 GiB, within limits.max_memory_mb) leaves room for one. */
const WIDE = [
  'name: wide',
  'data: { train: { split: train, end: 4000 }, evaluate: { test: { split: test, end: 1000 } } }',
  'model: { layers: [{ conv: { filters: 64, size: 3, pad: 1 } }, relu, { affine: 10 }] }',
  'training: { batch_size: 2000, iterations: 2, eval_every: 1 }',
  'repeat: 2',
  '',
].join('\n');

describe.skipIf(noRedis)(`a worker given big runs${noRedis ? ` (skipped: ${noRedis})` : ''}`, () => {
  let redis: TestRedis;
  const scratch = mkdtempSync(join(tmpdir(), 'worker-memory-'));
  const started: Running[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(started.map((p) => p.done));
    await redis.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('trains them one at a time, saying so, and both complete', async () => {
    const spec = join(scratch, 'wide.yaml');
    writeFileSync(spec, WIDE);
    const { spec: parsed, dataset } = loadSpecText(WIDE, spec, { specDir: scratch });
    const fit = workersThatFit(planRuns(parsed!).runs, dataset!)!;
    expect(fit.workers).toBe(1);

    const worker = start(['worker', '--queue', redis.url, '--concurrency', '2']);
    const coordinator = start([spec, '--out', join(scratch, 'out'), '--queue', redis.url]);
    started.push(worker, coordinator);
    const finished = await coordinator.done;
    expect(finished.code, finished.stderr).toBe(0);
    expect(finished.stdout).toMatch(/^r-0\s+completed/m);
    expect(finished.stdout).toMatch(/^r-1\s+completed/m);
    worker.child.kill('SIGINT');
    const { stderr } = await worker.done;
    const said = [m.workerConcurrencyLowered(1, 'wide/r-0', fit.runBytes), m.workerConcurrencyLowered(1, 'wide/r-1', fit.runBytes)];
    // said once, for whichever run it looked at first
    expect(said.map((line) => stderr.split(line).length - 1).sort()).toEqual([0, 1]);
    expect(stderr).not.toMatch(/Maximum memory size exceeded/);
  }, 300_000);
});
