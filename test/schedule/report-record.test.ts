/**
 * A cached rerun skips drawing the report when the one on disk was drawn from the same inputs
 * and its files are untouched (report/report-record.ts), and draws it again otherwise.
 */
import { readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { planRuns } from '../../src/plan/plan.js';
import { VERIFIED_FILE } from '../../src/results/verified-runs.js';
import { Experiment } from '../../src/schedule/experiment.js';
import { loadSpec } from '../../src/spec/load.js';
import { run } from '../helpers/command-line.js';
import { scratchDir, tree } from '../helpers/folders.js';

const calls = vi.hoisted(() => ({ writeReport: 0 }));
vi.mock('../../src/report/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/report/index.js')>();
  return {
    ...original,
    writeReport: (...args: Parameters<typeof original.writeReport>) => {
      calls.writeReport++;
      return original.writeReport(...args);
    },
  };
});

const SPEC = [
  'name: tiny',
  'data:',
  '  dataset: mnist',
  '  train: { split: train, start: 0, end: 100 }',
  '  evaluate: { test: { split: test, start: 0, end: 50 } }',
  'model: { hidden: [8], activation: relu }',
  'training: { optimizer: sgd, learning_rate: 0.1, batch_size: 10, iterations: 10, eval_every: 5 }',
  'grid: { training.learning_rate: [0.1, 0.2] }',
  '',
].join('\n');

const scratch = scratchDir('report-record');
const spec = join(scratch, 'tiny.yaml');
const original = join(scratch, 'original');
const copy = (name: string): string => {
  const dir = join(scratch, name);
  cpSync(original, dir, { recursive: true });
  return dir;
};

/** Runs the spec in-process on `dir` (every run is on disk: nothing is trained); whether the report was drawn, and what was said. */
async function rerun(dir: string): Promise<{ drew: boolean; said: string }> {
  const loaded = await loadSpec(spec);
  const progress = new PassThrough();
  let said = '';
  progress.on('data', (chunk: Buffer) => (said += chunk.toString()));
  const before = calls.writeReport;
  const outcome = await new Experiment(planRuns(loaded.spec!), { resultsDir: dir, progress }).run();
  expect(outcome.skipped).toHaveLength(2);
  return { drew: calls.writeReport > before, said };
}

beforeAll(async () => {
  writeFileSync(spec, SPEC);
  const first = await run([spec, '--out', original]);
  expect(first.code, first.stderr).toBe(0);
  // drawn again in-process, as the reruns here are: the report's code (src/ here, dist/ there) is one of its inputs
  rmSync(join(original, 'README.md'));
  expect((await rerun(original)).drew).toBe(true);
});

describe('a cached rerun and the report (.verified-runs.json records the last report drawn)', () => {
  it('records, when runs are trained, the digests of the report drawn from them', () => {
    const record = JSON.parse(readFileSync(join(original, VERIFIED_FILE), 'utf8')) as { report?: { inputs: string; outputs: string } };
    expect(record.report?.inputs).toMatch(/^[0-9a-f]{64}$/);
    expect(record.report?.outputs).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not draw the report again when its runs and its files are untouched, and writes nothing', async () => {
    const dir = copy('untouched');
    const before = tree(dir);
    expect((await rerun(dir)).drew).toBe(false);
    expect(tree(dir)).toEqual(before);
  });

  it('draws the README again when it was deleted or changed, the same bytes, and records that report', async () => {
    for (const [name, damage] of [['deleted', (path: string) => rmSync(path)], ['changed', (path: string) => writeFileSync(path, 'edited\n')]] as const) {
      const dir = copy(`readme-${name}`);
      const readme = join(dir, 'README.md');
      damage(readme);
      expect((await rerun(dir)).drew).toBe(true);
      expect(readFileSync(readme)).toEqual(readFileSync(join(original, 'README.md')));
      // recorded: the next rerun need not draw it again
      expect((await rerun(dir)).drew).toBe(false);
    }
  });

  it('draws the report again when a picture is removed or a file is added under charts/', async () => {
    const removed = copy('picture-removed');
    rmSync(join(removed, 'charts/loss.svg'));
    expect((await rerun(removed)).drew).toBe(true);
    expect(readFileSync(join(removed, 'charts/loss.svg'))).toEqual(readFileSync(join(original, 'charts/loss.svg')));
    const added = copy('file-added');
    writeFileSync(join(added, 'charts/stale.svg'), '<svg/>');
    expect((await rerun(added)).drew).toBe(true);
    expect(tree(added)).toEqual(tree(original));
  });

  it('still catches a tampered run file: that run is trained again, to the same bytes', async () => {
    const dir = copy('tampered');
    const metrics = join(dir, 'runs/lr-0.1/metrics.csv');
    writeFileSync(metrics, readFileSync(metrics, 'utf8').replace(/\n[^\n]*\n$/, '\n'));
    const again = await run([spec, '--out', dir]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/^lr-0\.1: .*; training again$/m);
    expect(again.stderr.match(/started/g)).toHaveLength(1);
    expect(readFileSync(metrics)).toEqual(readFileSync(join(original, 'runs/lr-0.1/metrics.csv')));
  });

  it('draws the report when the record is gone, and writes nothing when that report is the same', async () => {
    const dir = copy('record-gone');
    rmSync(join(dir, VERIFIED_FILE));
    const before = tree(dir);
    expect((await rerun(dir)).drew).toBe(true);
    expect(tree(dir)).toEqual(before);
  });
});
