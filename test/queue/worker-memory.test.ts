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

describe.skipIf(noRedis)(`a worker given big runs${noRedis ? ` (skipped: ${noRedis})` : ''}`, () => {
  const { url, scratch, processes } = queueBlock('worker-memory');

  it('trains them one at a time, saying so, and both complete', async () => {
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
    worker.child.kill('SIGINT');
    const { stderr } = await worker.done;
    const said = [m.workerConcurrencyLowered(1, 'wide/r-0', fit.runBytes), m.workerConcurrencyLowered(1, 'wide/r-1', fit.runBytes)];
    // said once, for whichever run it looked at first
    expect(said.map((line) => stderr.split(line).length - 1).sort()).toEqual([0, 1]);
    expect(stderr).not.toMatch(/Maximum memory size exceeded/);
  }, 300_000);
});
