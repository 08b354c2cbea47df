/**
 * Each command loads what it needs, and no more: the Redis client only for the queue, the
 * chart renderer only to draw, the spec's parser and schema only to read a spec (and Ajv only
 * where the build did not write the schema's validators out). Through the
 * built CLI, recording every module it loads. (How long start-up takes is `npm run bench`'s.)
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, run } from '../helpers/command-line.js';
import { scratchDir } from '../helpers/folders.js';

const scratch = scratchDir('start-up');

async function modulesLoaded(name: string, args: string[]): Promise<string[]> {
  const record = join(scratch, `${name}.txt`);
  const result = await run(args, { NODE_OPTIONS: `--import=${join(root, 'test/helpers/record-loads.mjs')}`, RECORD_LOADS: record });
  expect(result.code, result.stderr).toBe(0);
  return readFileSync(record, 'utf8').trim().split('\n');
}

async function packagesLoaded(name: string, args: string[]): Promise<string[]> {
  return packagesOf(await modulesLoaded(name, args));
}

function packagesOf(urls: string[]): string[] {
  return [...new Set(urls.flatMap((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []))].sort();
}

const HEAVY = ['bullmq', 'ioredis', 'vega', 'vega-lite'];

describe('starting the command line', () => {
  it('shows --help without the spec parser, its schema, the Redis client or the chart renderer', async () => {
    const loaded = await packagesLoaded('help', ['--help']);
    expect(loaded.filter((name) => [...HEAVY, 'ajv', 'yaml'].includes(name))).toEqual([]);
  });

  it("validates a spec with the parser and the schema's validators the build wrote out, without compiling the schema, the Redis client or the chart renderer", async () => {
    const urls = await modulesLoaded('validate', ['validate', 'experiments/lr-comparison.yaml']);
    expect(urls.filter((url) => url.endsWith('/dist/spec/schema-validators.js'))).toHaveLength(1);
    const loaded = packagesOf(urls);
    expect(loaded).toEqual(expect.arrayContaining(['yaml']));
    expect(loaded.filter((name) => [...HEAVY, 'ajv'].includes(name))).toEqual([]);
  });

  it('reruns an experiment whose runs and pictures are all on disk without the Redis client or the chart renderer', async () => {
    const dir = join(scratch, 'lr-comparison');
    cpSync(join(root, 'results/lr-comparison'), dir, { recursive: true });
    const loaded = await packagesLoaded('cached', ['experiments/lr-comparison.yaml', '--out', dir]);
    expect(loaded.filter((name) => HEAVY.includes(name))).toEqual([]);
  });
});
