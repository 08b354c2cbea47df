/**
 * A queue worker takes no more runs at once than fit side by side in the kernels' shared
 * 4 GiB, as `run` does (schedule/memory-fit.ts): two ConvNet runs of about 1.9 GiB each, taken
 * together by a worker of concurrency 2, used to fail with "Maximum memory size exceeded".
 * Through the built CLI, on a redis-server of the test's own.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planRuns } from '../../src/plan/plan.js';
import { queueMessages as m } from '../../src/queue/messages.js';
import { workersThatFit } from '../../src/schedule/memory-fit.js';
import { loadSpecText } from '../../src/spec/load.js';
import { noRedis, queueBlock } from './redis.js';

/** Two runs of a network whose estimate (1.9 GiB, within limits.max_memory_mb) leaves room for one. */
const WIDE = [
  'name: wide',
  'data: { train: { split: train, end: 4000 }, evaluate: { test: { split: test, end: 1000 } } }',
  'model: { layers: [{ conv: { filters: 64, size: 3, pad: 1 } }, relu, { affine: 10 }] }',
  'training: { batch_size: 2000, iterations: 2, eval_every: 1 }',
  'repeat: 2',
  '',
].join('\n');

/** Two runs that fit side by side. */
const SMALL = [
  'name: small',
  'data: { train: { split: train, end: 400 }, evaluate: { test: { split: test, end: 100 } } }',
  'training: { batch_size: 100, iterations: 4, eval_every: 2 }',
  'repeat: 2',
  '',
].join('\n');

describe.skipIf(noRedis)(`a worker given big runs${noRedis ? ` (skipped: ${noRedis})` : ''}`, () => {
  const { url, scratch, processes } = queueBlock('worker-memory');

  it('trains them one at a time, saying so, and both complete; then takes runs that fit two at a time two at a time again', async () => {
    const spec = join(scratch, 'wide.yaml');
    writeFileSync(spec, WIDE);
    const { spec: parsed, dataset } = loadSpecText(WIDE, spec, { specDir: scratch });
    const fit = workersThatFit(planRuns(parsed!).runs, dataset!)!;
    expect(fit.workers).toBe(1);

    const worker = processes.start(['worker', '--queue', url(), '--concurrency', '2']);
    const coordinator = processes.start([spec, '--out', join(scratch, 'out'), '--queue', url()]);
    const finished = await coordinator.done;
    expect(finished.code, finished.stderr).toBe(0);
    expect(finished.stdout).toMatch(/^r-0\s+completed/m);
    expect(finished.stdout).toMatch(/^r-1\s+completed/m);
    // then runs that fit two at a time: it takes as many as it was asked to again
    const small = join(scratch, 'small.yaml');
    writeFileSync(small, SMALL);
    const again = await processes.start([small, '--out', join(scratch, 'small-out'), '--queue', url()]).done;
    expect(again.code, again.stderr).toBe(0);
    worker.child.kill('SIGINT');
    const { stderr } = await worker.done;
    const said = [m.workerConcurrencyLowered(1, 'wide/r-0', fit.runBytes), m.workerConcurrencyLowered(1, 'wide/r-1', fit.runBytes)];
    // said once, for whichever run it looked at first
    expect(said.map((line) => stderr.split(line).length - 1).sort()).toEqual([0, 1]);
    expect(stderr.split(m.workerConcurrencyRaised(2)).length - 1).toBe(1);
    const endedAt = (id: string): number => stderr.indexOf(m.workerFinished(id, 'completed', 0).split(' in ')[0]);
    expect(stderr.indexOf(m.workerConcurrencyRaised(2))).toBeGreaterThan(Math.max(endedAt('r-0'), endedAt('r-1')));
    expect(stderr).not.toMatch(/Maximum memory size exceeded/);
  }, 300_000);
});
