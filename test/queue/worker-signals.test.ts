/**
 * Ctrl-C (or SIGTERM) on a worker: it says it is stopping, stops its runs at their next
 * iteration and exits 130; a second signal quits at once. Through the built CLI, on a
 * redis-server of the test's own, with a run held mid-way by a test hook (no sleeps).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliMessages } from '../../src/cli/messages.js';
import { queueMessages as m } from '../../src/queue/messages.js';
import type { Running } from '../helpers/command-line.js';
import { noRedis, queueBlock } from './redis.js';

const TINY = ['experiments/lr-comparison.yaml', '--set', 'training.iterations=30', '--set', 'grid.training.learning_rate=[0.5]',
  '--set', 'data.evaluate.train.end=500', '--set', 'data.evaluate.test.end=500'];

describe.skipIf(noRedis)(`a worker told to stop${noRedis ? ` (skipped: ${noRedis})` : ''}`, () => {
  const { url, scratch, processes } = queueBlock('worker-signals');
  const launch = processes.start;

  let seed = 0;
  /** A worker holding the queue's one run at iteration 5 (until `release` exists), and its coordinator; each a run of its own seed, so a job of its own. */
  const heldRun = async (name: string, release: string): Promise<{ worker: Running; coordinator: Running }> => {
    const worker = launch(['worker', '--queue', url(), '--concurrency', '1'], { RUN_EXPERIMENTS_HOLD: 'lr-0.5@5', RUN_EXPERIMENTS_HOLD_RELEASE: release });
    const coordinator = launch([...TINY, '--set', `training.seed=${++seed}`, '--out', join(scratch, name), '--queue', url()]);
    await worker.waitFor(/^hold: lr-0\.5 at iteration 5$/);
    return { worker, coordinator };
  };

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`on ${signal} says it is stopping, stops its run at the next iteration and exits 130`, async () => {
      const release = join(scratch, `release-${signal}`);
      const { worker, coordinator } = await heldRun(`graceful-${signal}`, release);
      worker.child.kill(signal);
      await worker.waitFor(new RegExp(`^${m.workerStopping.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
      writeFileSync(release, '');
      const done = await worker.done;
      expect(done.code, done.stderr).toBe(130);
      expect(done.stderr).not.toContain(`run-experiments: ${cliMessages.interrupted}`);
      coordinator.child.kill('SIGINT');
      expect((await coordinator.done).code).toBe(130);
    });
  }

  it('quits at once on a second signal, while its run has not reached its next iteration', async () => {
    const { worker, coordinator } = await heldRun('second', join(scratch, 'never'));
    worker.child.kill('SIGINT');
    await worker.waitFor(/^worker: stopping/);
    worker.child.kill('SIGINT');
    const done = await worker.done;
    expect(done.code, done.stderr).toBe(130);
    coordinator.child.kill('SIGINT');
    expect((await coordinator.done).code).toBe(130);
  });
});
