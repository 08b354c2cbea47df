/**
 * rediss://: the coordinator and a worker on a redis-server that speaks TLS only, its
 * certificate signed by a throwaway CA the processes are given in NODE_EXTRA_CA_CERTS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueMessages as m } from '../../src/queue/messages.js';
import { run, start } from '../helpers/command-line.js';
import { notTimings, tree } from '../helpers/folders.js';
import { noTls, PASSWORD, startRedis, type TestRedis } from './redis.js';

if (noTls) console.log(`TLS queue tests skipped: ${noTls}`);

const TINY = [
  'experiments/lr-comparison.yaml',
  '--set', 'training.iterations=20', '--set', 'training.eval_every=10',
  '--set', 'data.evaluate.train.end=300', '--set', 'data.evaluate.test.end=300',
];
const SLOW = 300_000;

describe.skipIf(noTls)(`runs through a Redis queue over TLS (rediss://)${noTls ? ` (skipped: ${noTls})` : ''}`, () => {
  let redis: TestRedis;
  const scratch = mkdtempSync(join(tmpdir(), 'queue-tls-'));
  const out = (name: string): string => join(scratch, name);

  beforeAll(async () => {
    redis = await startRedis({ tls: true });
    const local = await run([...TINY, '--out', out('local'), '--concurrency', '1']);
    expect(local.code, local.stderr).toBe(0);
  }, SLOW);

  afterAll(async () => {
    await redis?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }, SLOW);

  it('trains through rediss:// with the CA in NODE_EXTRA_CA_CERTS, to the bytes of a local run, the password shown nowhere', async () => {
    expect(redis.url).toMatch(/^rediss:\/\//);
    const trust = { NODE_EXTRA_CA_CERTS: redis.ca! };
    const worker = start(['worker', '--queue', redis.url, '--concurrency', '1'], trust);
    await worker.waitFor(/worker: serving rediss:\/\/:\*\*\*@127\.0\.0\.1/);
    const coordinator = await run([...TINY, '--out', out('tls'), '--queue', redis.url], trust);
    worker.child.kill('SIGINT');
    const served = await worker.done;
    expect(coordinator.code, coordinator.stderr).toBe(0);
    expect(served.stderr).toMatch(/^worker: lr-comparison\/lr-1\.5 started/m);

    const local = tree(out('local'), notTimings);
    const queued = tree(out('tls'), notTimings);
    expect([...queued.keys()]).toEqual([...local.keys()]);
    for (const [path, bytes] of local) expect(bytes.equals(queued.get(path)!), path).toBe(true);
    for (const { stdout, stderr } of [coordinator, served]) expect(stdout + stderr).not.toContain(PASSWORD);
  }, SLOW);

  it('refuses a server whose certificate it cannot verify: one line naming the URL without its password, exit 2', async () => {
    const untrusted = await run([...TINY, '--out', out('untrusted'), '--queue', redis.url]);
    expect(untrusted.code).toBe(2);
    expect(untrusted.stderr).toContain(m.unreachable(`rediss://:***@127.0.0.1:${redis.port}`, 'self-signed certificate in certificate chain'));
    expect(untrusted.stderr).not.toContain(PASSWORD);
    expect(untrusted.stderr).not.toMatch(/^\s+at /m);
  }, SLOW);
});
