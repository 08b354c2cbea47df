import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/results/csv.js';
import { runMessages } from '../../src/schedule/messages.js';
import { evaluationSlices, trainedImages } from '../../src/spec/evaluation-slices.js';
import { specMessages } from '../../src/spec/messages.js';
import { planRuns } from '../../src/plan/plan.js';
import { run } from '../helpers/command-line.js';
import { differences, notTimings, scratchDir, tree } from '../helpers/folders.js';
import { specOf } from '../helpers/specs.js';

/** Three tiny trials on 200 images, 40 of them held out; the test slice measured only at the end. */
const SPEC = [
  'name: held-out',
  'data:',
  '  train: { split: train, end: 200, hold_out: { validation: 0.2 } }',
  '  evaluate:',
  '    test: { split: test, end: 300, every: end }',
  'model: { hidden: [20], activation: relu, init: he }',
  'training: { epochs: 3, batch_size: 40, eval_every: 2 }',
  'search:',
  '  trials: 3',
  '  seed: 1',
  '  space:',
  '    training.learning_rate: { loguniform: [1.0e-2, 1.0] }',
  'report: { select: { metric: validation_accuracy } }',
  '',
].join('\n');

const IDS = ['t000', 't001', 't002'];

function specFile(text = SPEC): { dir: string; spec: string; out: string } {
  const dir = scratchDir('held-out');
  const spec = join(dir, 'spec.yaml');
  writeFileSync(spec, text);
  return { dir, spec, out: join(dir, 'results') };
}

describe('a training slice with a held-out part, through the command line', () => {
  it('exits 2 on a fraction outside (0, 1), at its line and column, and writes nothing', async () => {
    const { spec, out } = specFile(SPEC.replace('validation: 0.2', 'validation: 1'));
    for (const args of [['validate', spec], [spec, '--out', out]]) {
      const result = await run(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`spec.yaml:3:60: ${specMessages.outOfRange('data.train.hold_out.validation', 'a number', '<', 1, 1)}`);
      expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('measures the held-out images, first, at every point and the end-only slice once; a rerun finds every run complete', async () => {
    const { spec, out } = specFile();
    const first = await run([spec, '--out', out]);
    expect(first.code).toBe(0);
    const evaluations = parseCsv(readFileSync(join(out, 'runs/t000/evaluations.csv'), 'utf8'));
    expect(evaluations.header).toEqual(['iteration', 'epoch', 'validation_accuracy', 'test_accuracy']);
    // 3 epochs of 160 / 40 = 4 iterations: 0, 2, 4, 6, 8, 10 and the last, 11
    expect(evaluations.rows.map((r) => r[0])).toEqual(['0', '2', '4', '6', '8', '10', '11']);
    expect(evaluations.rows.slice(0, -1).every((r) => r[2] !== '' && r[3] === '')).toBe(true);
    expect(evaluations.rows.at(-1)!.every((cell) => cell !== '')).toBe(true);
    const confusion = (slice: string) => parseCsv(readFileSync(join(out, `runs/t000/confusion-${slice}.csv`), 'utf8')).rows
      .flatMap((row) => row.slice(1).map(Number)).reduce((a, b) => a + b, 0);
    expect(confusion('validation')).toBe(40);
    expect(confusion('test')).toBe(300);
    const runsCsv = parseCsv(readFileSync(join(out, 'runs.csv'), 'utf8'));
    expect(runsCsv.header).toEqual(expect.arrayContaining(['validation_accuracy', 'test_accuracy']));
    expect(runsCsv.rows.every((r) => r[runsCsv.header.indexOf('test_accuracy')] !== '')).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'runs/t000/config.json'), 'utf8')).config.data.train.hold_out).toEqual({ validation: 0.2 });

    const again = await run([spec, '--out', out]);
    expect(again.code).toBe(0);
    expect(IDS.filter((id) => again.stderr.includes(runMessages.skipped(id, 'completed')))).toEqual(IDS);
    expect(again.stderr).not.toMatch(/started \(/);
    const readme = readFileSync(join(out, 'README.md'));
    expect((await run(['report', out])).code).toBe(0);
    expect(readFileSync(join(out, 'README.md')).equals(readme)).toBe(true);
  });

  it('keeps the mistakes it shows to the held-out images when they are the only slice', async () => {
    const { spec, out } = specFile(SPEC.replace('  evaluate:\n    test: { split: test, end: 300, every: end }\n', '  evaluate: {}\n'));
    expect((await run([spec, '--out', out])).code).toBe(0);
    const config = planRuns(specOf(...SPEC.split('\n').slice(0, 3), 'training: { batch_size: 40 }')).runs[0].config;
    const held = new Set(evaluationSlices(config.data)[0].indices);
    const trained = new Set(trainedImages(config.data).indices);
    const mistakes = parseCsv(readFileSync(join(out, 'runs/t000/mistakes-validation.csv'), 'utf8'));
    const indices = mistakes.rows.map((r) => Number(r[mistakes.header.indexOf('index')]));
    expect(indices.length).toBeGreaterThan(0);
    expect(indices.every((i) => held.has(i) && !trained.has(i))).toBe(true);
  });

  it('writes byte-identical results at concurrency 1 and 2', async () => {
    const one = specFile();
    const two = specFile();
    expect((await run([one.spec, '--out', one.out, '--concurrency', '1'])).code).toBe(0);
    expect((await run([two.spec, '--out', two.out, '--concurrency', '2'])).code).toBe(0);
    expect(differences(tree(one.out, notTimings), tree(two.out, notTimings))).toEqual([]);
  });
});
