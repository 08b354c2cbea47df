/**
 * Queue settings a user mistypes, URLs and --lock-ms: each is one line naming the URL
 * (password blanked) or the value, exit 2,
 * before anything is written; never a stack trace from inside the Redis client, and never a
 * quiet fall back to another database or to training locally.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliMessages } from '../../src/cli/messages.js';
import { MAX_LOCK_MS, MIN_LOCK_MS } from '../../src/queue/lock-ms.js';
import { queueMessages as m } from '../../src/queue/messages.js';
import { parseQueueUrl, queueUrlOf, QUEUE_ENV } from '../../src/queue/url.js';
import { run } from '../helpers/command-line.js';
import { noRedis, startRedis, type TestRedis } from './redis.js';

const TINY = ['experiments/lr-comparison.yaml', '--set', 'training.iterations=5', '--set', 'data.evaluate.train.end=100', '--set', 'data.evaluate.test.end=100'];
const SLOW = 60_000;

describe('a queue URL', () => {
  it('whose password is not valid %-encoding is refused, the password not shown', () => {
    expect(() => parseQueueUrl('redis://:p%zz@example.org:6379')).toThrow(m.urlPassword('redis://***@example.org:6379'));
    expect(() => parseQueueUrl('redis://user:p%zz@example.org:6379')).toThrow(m.urlPassword('redis://***@example.org:6379'));
  });

  it('whose database is not a whole number is refused', () => {
    expect(() => parseQueueUrl('redis://example.org:6379/abc')).toThrow(m.urlDatabase('redis://example.org:6379/abc', 'abc'));
    expect(() => parseQueueUrl('redis://example.org:6379/-1')).toThrow(m.urlDatabase('redis://example.org:6379/-1', '-1'));
    expect(() => parseQueueUrl('redis://example.org:6379/1/2')).toThrow(m.urlDatabase('redis://example.org:6379/1/2', '1/2'));
    expect(parseQueueUrl('redis://example.org:6379/15').shown).toBe('redis://example.org:6379/15');
    expect(parseQueueUrl('redis://example.org:6379/').shown).toBe('redis://example.org:6379');
  });

  it('given empty with --queue is refused; an empty variable is no queue', () => {
    expect(() => queueUrlOf('', {})).toThrow(m.emptyQueue);
    expect(queueUrlOf(undefined, { [QUEUE_ENV]: '' })).toBeNull();
    expect(queueUrlOf(undefined, {})).toBeNull();
    expect(queueUrlOf(undefined, { [QUEUE_ENV]: 'redis://example.org:6379' })?.shown).toBe('redis://example.org:6379');
  });

  it('given wrong in the environment is refused naming the variable, not the option', () => {
    expect(() => queueUrlOf(undefined, { [QUEUE_ENV]: 'http://example.org' })).toThrow(m.urlInvalid('http://example.org').replace('--queue: ', `${QUEUE_ENV}: `));
    expect(() => queueUrlOf('http://example.org', { [QUEUE_ENV]: 'redis://example.org:6379' })).toThrow(m.urlInvalid('http://example.org'));
  });
});

describe('the commands given a bad queue URL', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'queue-url-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  for (const [what, url, message] of [
    ['a password that is not %-encoding', 'redis://:p%zz@127.0.0.1:1', m.urlPassword('redis://***@127.0.0.1:1')],
    ['a database that is not a number', 'redis://127.0.0.1:1/abc', m.urlDatabase('redis://127.0.0.1:1/abc', 'abc')],
    // the command line refuses an empty option before the command sees it; a blank one is the queue's to refuse
    ['nothing', '', cliMessages.emptyOption('queue')],
    ['blanks', '  ', m.emptyQueue],
  ] as const) {
    it(`say so for ${what} in one line, exit 2, nothing written`, async () => {
      const out = join(scratch, `bad-${what.length}`);
      const coordinator = await run([...TINY, '--out', out, '--queue', url]);
      expect(coordinator.code, coordinator.stderr).toBe(2);
      expect(coordinator.stderr).toContain(`run-experiments run: ${message}\n`);
      expect(coordinator.stderr).not.toMatch(/^\s+at /m);
      expect(existsSync(out)).toBe(false);
      const worker = await run(['worker', '--queue', url]);
      expect({ code: worker.code, stderr: worker.stderr }).toEqual({ code: 2, stderr: `run-experiments worker: ${message}\n` });
    }, SLOW);
  }
});

describe.skipIf(noRedis)(`the commands given a database the Redis server does not have${noRedis ? ` (skipped: ${noRedis})` : ''}`, () => {
  let redis: TestRedis;
  const scratch = mkdtempSync(join(tmpdir(), 'queue-db-'));
  beforeAll(async () => {
    redis = await startRedis();
  }, SLOW);
  afterAll(async () => {
    await redis?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }, SLOW);

  it('refuse it in one line, exit 2, rather than use database 0', async () => {
    const url = `${redis.url}/99999`;
    const shown = `redis://:***@127.0.0.1:${redis.port}/99999`;
    const out = join(scratch, 'db');
    const coordinator = await run([...TINY, '--out', out, '--queue', url]);
    expect(coordinator.code, coordinator.stderr).toBe(2);
    expect(coordinator.stderr).toContain(`run-experiments run: ${m.unusable(shown, 'ERR DB index is out of range')}\n`);
    expect(existsSync(out)).toBe(false);
    const worker = await run(['worker', '--queue', url]);
    expect({ code: worker.code, stderr: worker.stderr }).toEqual({ code: 2, stderr: `run-experiments worker: ${m.unusable(shown, 'ERR DB index is out of range')}\n` });
  }, SLOW);
});

describe('worker --lock-ms', () => {
  for (const value of ['99', '86400001', '2147483648', '99999999999999999999']) {
    it(`refuses ${value} in one line, exit 2, before it reaches Redis`, async () => {
      const worker = await run(['worker', '--queue', 'redis://127.0.0.1:1', '--lock-ms', value]);
      expect({ code: worker.code, stderr: worker.stderr }).toEqual({ code: 2, stderr: `run-experiments worker: ${m.lockInvalid(value, MIN_LOCK_MS, MAX_LOCK_MS)}\n` });
    }, SLOW);
  }
});

describe('worker --data', () => {
  it('refuses a folder without the four IDX files, or no folder, in one line, exit 2, before it reaches Redis', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'worker-data-'));
    const missing = join(empty, 'nowhere');
    const emptyRun = await run(['worker', '--queue', 'redis://127.0.0.1:1', '--data', empty]);
    expect(emptyRun.code).toBe(2);
    expect(emptyRun.stderr).toMatch(new RegExp(`^run-experiments worker: --data: ${empty.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a folder with the four IDX files: .+\n$`));
    const missingRun = await run(['worker', '--queue', 'redis://127.0.0.1:1', '--data', missing]);
    expect({ code: missingRun.code, stderr: missingRun.stderr }).toEqual({ code: 2, stderr: `run-experiments worker: ${m.dataNotFolder(missing)}\n` });
    rmSync(empty, { recursive: true, force: true });
  }, SLOW);
});
