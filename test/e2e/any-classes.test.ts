/**
 * A custom IDX dataset of 20 classes, through the built command line: the network gets 20
 * outputs, the confusion matrix is 20x20, the pages say "class", and `predict
 * --test-index` reads the run's own test split, not MNIST's.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readModel } from '../../src/model/files.js';
import { readmeText } from '../../src/report/readme-text.js';
import { idxImages, idxLabels } from '../fixtures/idx/make-idx.js';
import { scratchDir } from '../helpers/folders.js';

/** The built command line (dist/, which `npm test` builds first), as a user runs it. */
const MAIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;
function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { maxBuffer: 1 << 26 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

const CLASSES = 20;
const scratch = scratchDir('any-classes');

/** 28x28 images; class k lights two rows (k < 10) or two columns (k >= 10) of its own. */
const bar = (label: (i: number) => number) => (i: number, p: number): number => {
  const k = label(i);
  const [row, col] = [Math.floor(p / 28), p % 28];
  return (k < 10 ? row : col) >> 1 === (k % 10) + 2 ? 220 : 0;
};
const trainLabel = (i: number): number => i % CLASSES;
const testLabel = (i: number): number => (i * 7) % CLASSES;

beforeAll(() => {
  const data = join(scratch, 'data');
  mkdirSync(data);
  writeFileSync(join(data, 'train-images-idx3-ubyte'), idxImages(400, 28, 28, bar(trainLabel)));
  writeFileSync(join(data, 'train-labels-idx1-ubyte'), idxLabels(Array.from({ length: 400 }, (_, i) => trainLabel(i))));
  writeFileSync(join(data, 't10k-images-idx3-ubyte'), idxImages(60, 28, 28, bar(testLabel)));
  writeFileSync(join(data, 't10k-labels-idx1-ubyte'), idxLabels(Array.from({ length: 60 }, (_, i) => testLabel(i))));
  writeFileSync(join(scratch, 'spec.yaml'), [
    'name: twenty',
    'data:',
    '  path: ./data',
    '  evaluate: { test: { split: test } }',
    'training: { iterations: 150, batch_size: 20, eval_every: 50 }',
    '',
  ].join('\n'));
});

describe('a dataset of 20 classes', () => {
  it('trains a network of 20 outputs and draws a 20x20 confusion matrix, in words of classes', async () => {
    const result = await run([join(scratch, 'spec.yaml'), '--out', join(scratch, 'out')]);
    expect(result.code, result.stderr).toBe(0);
    const folder = join(scratch, 'out', 'runs', 'run');
    expect(readModel(folder).architecture.layers.at(-1)).toEqual({ type: 'affine', outputs: CLASSES });
    const confusion = readFileSync(join(folder, 'confusion-test.csv'), 'utf8').trim().split('\n');
    expect(confusion).toHaveLength(CLASSES + 1);
    expect(confusion[0].split(',')).toHaveLength(CLASSES + 1);
    const readme = readFileSync(join(scratch, 'out', 'README.md'), 'utf8');
    expect(readme).toContain(readmeText.confusionIntro('class'));
    expect(readme).not.toMatch(/\bdigit/);
  });

  it('has predict --test-index read the run\'s own test split, labels 0..19 included', async () => {
    const result = await run(['predict', join(scratch, 'out', 'runs', 'run'), '--test-index', '0..3', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const predictions = JSON.parse(result.stdout) as { label: number; probabilities: number[] }[];
    expect(predictions.map((p) => p.label)).toEqual([0, 7, 14, 1]);
    for (const p of predictions) expect(p.probabilities).toHaveLength(CLASSES);
  });
});
