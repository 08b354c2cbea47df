/**
 * Ctrl-C on a coordinator whose Redis has gone away: the clients wait through reconnections
 * for as long as it takes, and the stop's removals and BullMQ's closing used to wait with
 * them, for good. Through the built CLI, on a redis-server of the test's own, stopped while
 * a worker holds a run mid-way by a test hook (no sleeps).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { queueMessages as m } from '../../src/queue/messages.js';
import { isProblem } from '../../src/results/run-files.js';
import { runMessages } from '../../src/schedule/messages.js';
import { checkRunFolder } from '../../src/schedule/run-check.js';
import { processGroup, type Finished } from '../helpers/command-line.js';
import { noRedis, startRedis } from './redis.js';

const TINY = ['experiments/lr-comparison.yaml', '--set', 'training.iterations=30', '--set', 'training.eval_every=10',
  '--set', 'data.evaluate.train.end=500', '--set', 'data.evaluate.test.end=500'];
/**
 * It takes about a second; a coordinator that waits on Redis waits for ever, and one held by
 * BullMQ's watchdog of its read of the events stream (its block time plus a second) took 11.
 */
const PROMPTLY_MS = 8_000;
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.skipIf(noRedis)(`a coordinator interrupted with Redis gone${noRedis ? ` (skipped: ${noRedis})` : ''}`, () => {
  const scratch = mkdtempSync(join(tmpdir(), 'coordinator-signals-'));
  const processes = processGroup();
  afterAll(async () => {
    await processes.end();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('ends on the first Ctrl-C, exits 130 without a stack trace, says its runs stay on the queue, and keeps only whole runs', async () => {
    const redis = await startRedis();
    const out = join(scratch, 'out');
    const worker = processes.start(['worker', '--queue', redis.url, '--concurrency', '1'], { RUN_EXPERIMENTS_HOLD: 'lr-1.2@5' });
    const coordinator = processes.start([...TINY, '--out', out, '--queue', redis.url]);
    await coordinator.waitFor(/lr-0\.5: completed/);
    await worker.waitFor(/^hold: lr-1\.2 at iteration 5$/);
    await redis.stop();
    const shown = `redis://:***@127.0.0.1:${redis.port}`;
    const lost = m.connectionLost(shown, '\0').split('\0')[0];
    await coordinator.waitFor(new RegExp(`^${escape(lost)}`));

    coordinator.child.kill('SIGINT');
    const finished = await Promise.race([
      coordinator.done,
      new Promise<Finished>((_, reject) => setTimeout(() => reject(new Error('the coordinator is still running after one Ctrl-C')), PROMPTLY_MS).unref()),
    ]);
    expect(finished.code, finished.stderr).toBe(130);
    expect(finished.stderr).toContain(runMessages.interrupted);
    expect(finished.stderr).toContain(m.stopUnanswered(shown));
    expect(finished.stderr).not.toMatch(/^\s+at /m);
    expect(finished.stdout).toContain(runMessages.interruptedSummary(1, 3));
    // the run written before Redis went is whole; the others left nothing behind
    expect(readdirSync(join(out, 'runs'))).toEqual(['lr-0.5']);
    expect(isProblem(checkRunFolder(join(out, 'runs', 'lr-0.5'), 'lr-0.5'))).toBe(false);
  }, 120_000);
});
