/**
 * Issue 7 end to end, through the built command line: a run of the seed's network saves a
 * model that `predict` uses; its confusion matrix agrees with its reported accuracy; and
 * it reads the digits in test/fixtures/digits, which are not from MNIST.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { root, run } from '../helpers/command-line.js';
import { scratchDir } from '../helpers/folders.js';

const scratch = scratchDir('model');
const runDir = join(scratch, 'runs/lr-0.5');

interface Prediction {
  input: string;
  predicted: number;
  probabilities: number[];
  label?: number;
}

const predict = async (args: string[]): Promise<Prediction[]> => {
  const result = await run(['predict', runDir, ...args, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Prediction[];
};

beforeAll(async () => {
  const trained = await run([
    'experiments/lr-comparison.yaml', '--out', scratch,
    '--set', 'grid.training.learning_rate=[0.5]',
    '--set', 'training.iterations=3000',
    '--set', 'training.eval_every=1000',
    '--set', 'data.evaluate.train.end=1000',
    '--set', 'data.evaluate.test.end=1000',
  ]);
  expect(trained.code, trained.stderr).toBe(0);
});

describe('the model a run saves', () => {
  it("has a confusion matrix that counts the slice's images and whose diagonal is the reported accuracy", () => {
    const rows = readFileSync(join(runDir, 'confusion-test.csv'), 'utf8').trim().split('\n').slice(1);
    const matrix = rows.map((row) => row.split(',').slice(1).map(Number));
    const total = matrix.flat().reduce((a, b) => a + b, 0);
    const diagonal = matrix.reduce((a, row, d) => a + row[d], 0);
    expect(total).toBe(1000);
    const evaluations = readFileSync(join(runDir, 'evaluations.csv'), 'utf8').trim().split('\n');
    const header = evaluations[0].split(',');
    const last = evaluations.at(-1)!.split(',');
    expect(diagonal / total).toBe(Number(last[header.indexOf('test_accuracy')]));
  });

  it('predicts the first 1,000 test images exactly as the run counted them', async () => {
    const predictions = await predict(['--test-index', '0..999']);
    expect(predictions).toHaveLength(1000);
    const correct = predictions.filter((p) => p.predicted === p.label).length;
    const rows = readFileSync(join(runDir, 'confusion-test.csv'), 'utf8').trim().split('\n').slice(1);
    const diagonal = rows.reduce((a, row, d) => a + Number(row.split(',')[d + 1]), 0);
    expect(correct).toBe(diagonal);
  });

  it('reads the hand-drawn digits, which are not from MNIST, with probabilities summing to 1', async () => {
    const digits: Record<string, number> = {
      'zero-grey.png': 0, 'one-tall.png': 1, 'two-offcentre.png': 2,
      'three.jpg': 3, 'four-blue-alpha.png': 4, 'seven-warm.png': 7,
    };
    const files = Object.keys(digits).map((name) => join(root, 'test/fixtures/digits', name));
    const predictions = await predict(files);
    expect(predictions).toHaveLength(files.length);
    for (const p of predictions) {
      const name = Object.keys(digits).find((n) => p.input.endsWith(n))!;
      expect(p.predicted, name).toBe(digits[name]);
      expect(Math.abs(p.probabilities.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
    }
  });
});
