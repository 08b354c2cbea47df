/**
 * `run --queue` refuses, before queueing, a run whose saved model would be over what the
 * coordinator takes back from the queue (job-result.ts's MAX_FILE_BYTES): a worker used to
 * train it in full, and the coordinator then failed it as "too large". No Redis is needed:
 * the refusal comes before any connection.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../../src/queue/job-result.js';
import { queueMessages as m } from '../../src/queue/messages.js';
import { run } from '../helpers/command-line.js';

/** Two runs within the spec's limits: 784-22000-10 in float32 is 17.5 million parameters, 70 MB; 784-10-10 is small. */
const SPEC = [
  'name: big',
  'data: { train: { split: train, end: 1000 }, evaluate: { test: { split: test, end: 500 } } }',
  'model: { hidden: [10] }',
  'grid: { model.hidden: [[22000], [10]] }',
  'training: { batch_size: 10, iterations: 2, eval_every: 1 }',
  'limits: { max_parameters: 20000000, max_memory_mb: 4000 }',
  '',
].join('\n');

describe('a run whose model the queue could not carry back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'model-too-large-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is refused with --queue, exit 2, naming it, before anything is written', async () => {
    const spec = join(dir, 'big.yaml');
    writeFileSync(spec, SPEC);
    const out = join(dir, 'out');
    const done = await run([spec, '--out', out, '--queue', 'redis://127.0.0.1:1']);
    expect(done.code).toBe(2);
    const bytes = (784 * 22000 + 22000 + 22000 * 10 + 10) * 4;
    expect(done.stderr).toContain(m.modelTooLarge('hidden-22000', bytes, MAX_FILE_BYTES, 1));
    expect(done.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  }, 30_000);
});
