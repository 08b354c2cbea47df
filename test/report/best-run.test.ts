/** The best run up close: its confusion matrix and the runs' per-class accuracy, read back from the results folder. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_PER_CLASS_ROWS, readBestRunAnalysis, readConfusionCsv } from '../../src/report/best-run.js';
import type { ReportInput } from '../../src/report/report-input.js';
import { runFolderPath } from '../../src/results/run-folder.js';
import type { RunResult } from '../../src/results/types.js';
import { scratchDir } from '../helpers/folders.js';
import { makePlan, makeResult } from './fixtures.js';

/** Completed runs at these learning rates, each ending more accurate than the one before: the last is the best. */
function inputOf(rates: number[]): ReportInput {
  const plan = makePlan(rates);
  const results: RunResult[] = plan.runs.map((run, k) => {
    const result = makeResult(run, 'completed');
    result.evaluations.at(-1)!.accuracy = { train: 0.9, test: 0.5 + 0.01 * k };
    return result;
  });
  return { spec: plan.spec, varying: plan.varying, results };
}

const confusionCsv = (matrix: number[][]) =>
  [`true\\predicted,${matrix.map((_, k) => k).join(',')}`, ...matrix.map((row, t) => `${t},${row.join(',')}`)].join('\n') + '\n';

function writeConfusion(dir: string, run: string, slice: string, text: string): void {
  mkdirSync(runFolderPath(dir, run), { recursive: true });
  writeFileSync(join(runFolderPath(dir, run), `confusion-${slice}.csv`), text);
}

describe("the best run's analysis", () => {
  it("reads the best run's confusion matrix on the test slice, and each run's accuracy per class beside it", () => {
    const dir = scratchDir('best-run');
    const input = inputOf([0.1, 0.5]);
    writeConfusion(dir, 'lr-0.1', 'test', confusionCsv([[3, 1], [0, 0]]));
    writeConfusion(dir, 'lr-0.5', 'test', confusionCsv([[4, 0], [1, 3]]));
    writeConfusion(dir, 'lr-0.5', 'train', confusionCsv([[9, 9], [9, 9]]));
    expect(readBestRunAnalysis(dir, input)).toEqual({
      run: 'lr-0.5', slice: 'test', matrix: [[4, 0], [1, 3]],
      perClass: [{ run: 'lr-0.1', accuracy: [0.75, null] }, { run: 'lr-0.5', accuracy: [1, 0.75] }],
      confusionSvg: null, mistakesSvg: null,
    });
  });

  it('judges on the last slice when there is no test slice', () => {
    const dir = scratchDir('best-run');
    const input = inputOf([0.1, 0.5]);
    const { test: _, ...evaluate } = input.spec.data.evaluate as Record<string, unknown>;
    input.spec = { ...input.spec, data: { ...input.spec.data, evaluate } as typeof input.spec.data };
    input.results.forEach((r, k) => (r.evaluations.at(-1)!.accuracy = { train: 0.5 + 0.01 * k }));
    writeConfusion(dir, 'lr-0.5', 'train', confusionCsv([[2, 0], [0, 2]]));
    expect(readBestRunAnalysis(dir, input)).toMatchObject({ run: 'lr-0.5', slice: 'train', matrix: [[2, 0], [0, 2]], perClass: undefined });
  });

  it('compares runs per class only when there are two to six and each has its matrix', () => {
    expect(MAX_PER_CLASS_ROWS).toBe(6);
    const cases: [number, string[], boolean][] = [
      [1, ['lr-0.1'], false],
      [2, ['lr-0.1', 'lr-0.2'], true],
      [2, ['lr-0.2'], false],
      [6, ['lr-0.1', 'lr-0.2', 'lr-0.3', 'lr-0.4', 'lr-0.5', 'lr-0.6'], true],
      [7, ['lr-0.1', 'lr-0.2', 'lr-0.3', 'lr-0.4', 'lr-0.5', 'lr-0.6', 'lr-0.7'], false],
    ];
    for (const [runs, withMatrix, compared] of cases) {
      const dir = scratchDir('best-run');
      const input = inputOf(Array.from({ length: runs }, (_, k) => (k + 1) / 10));
      for (const run of withMatrix) writeConfusion(dir, run, 'test', confusionCsv([[1, 1], [0, 2]]));
      const analysis = readBestRunAnalysis(dir, input);
      expect(analysis?.run, `${runs} runs`).toBe(`lr-${runs / 10}`);
      expect(analysis?.perClass?.map((row) => row.run), `${runs} runs, ${withMatrix.length} matrices`)
        .toEqual(compared ? withMatrix : undefined);
    }
  });

  it('is left out when the best run has no matrix, or there is no best run', () => {
    const dir = scratchDir('best-run');
    writeConfusion(dir, 'lr-0.1', 'test', confusionCsv([[1, 0], [0, 1]]));
    expect(readBestRunAnalysis(dir, inputOf([0.1, 0.5]))).toBeNull();
    const failed = inputOf([0.1]);
    failed.results = failed.results.map((r) => ({ ...r, status: 'failed', losses: [], evaluations: [] }));
    expect(readBestRunAnalysis(dir, failed)).toBeNull();
  });
});

describe('a confusion-<slice>.csv', () => {
  const read = (text: string) => {
    const dir = scratchDir('confusion');
    writeFileSync(join(dir, 'c.csv'), text);
    return readConfusionCsv(join(dir, 'c.csv'));
  };

  it('is read as the counts of each true class, predicted class by predicted class', () => {
    expect(read(confusionCsv([[5, 1, 0], [2, 7, 1], [0, 0, 9]]))).toEqual([[5, 1, 0], [2, 7, 1], [0, 0, 9]]);
  });

  it('is not read when it is not square, holds a count that is not a whole number, is not CSV or is missing', () => {
    expect(read(confusionCsv([[5, 1], [2, 7], [0, 0]]))).toBeNull();
    expect(read('true\\predicted,0,1\n0,5,1\n1,2,7\n2,0,0\n')).toBeNull();
    expect(read('true\\predicted,0,1\n0,1,2\n1,3\n')).toBeNull();
    expect(read(confusionCsv([[5, 1.5], [2, 7]]))).toBeNull();
    expect(read(confusionCsv([[5, 1], [2, Number.NaN]]))).toBeNull();
    expect(read('"unclosed\n')).toBeNull();
    expect(readConfusionCsv(join(scratchDir('confusion'), 'absent.csv'))).toBeNull();
  });
});
