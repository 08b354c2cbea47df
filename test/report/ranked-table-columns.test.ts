/** The ranked table's columns, statuses and trial names, for searches with and without seeds. */
import { describe, expect, it } from 'vitest';
import { RANKED_ROWS, rankedTable } from '../../src/report/ranked-table.js';
import { readmeText } from '../../src/report/readme-text.js';
import type { ReportInput } from '../../src/report/report-input.js';
import type { RunResult, RunStatus } from '../../src/results/types.js';
import type { PlannedRun, SelectSpec } from '../../src/spec/types.js';
import { makeSpec } from './fixtures.js';

/** A search over the learning rate: trial t ends with `status[t]`, validation 0.5 + t/100, test 0.4 + t/100 and loss 1 - t/10. */
function searchInput(trials: number, options: { select?: SelectSpec; repeat?: number; statuses?: RunStatus[]; ids?: (t: number, k: number) => string } = {}): ReportInput {
  const base = makeSpec({});
  const repeat = options.repeat ?? 1;
  const spec = {
    ...base,
    repeat,
    data: { ...base.data, evaluate: { validation: { split: 'train' as const, start: 50000, end: 60000 }, test: base.data.evaluate.test } },
    search: { trials, seed: 3, space: { 'training.learning_rate': { loguniform: [1e-3, 1] as [number, number] } } },
    report: { compare: null, ...(options.select ? { select: options.select } : {}) },
  };
  const results: RunResult[] = [];
  for (let t = 0; t < trials; t++) {
    for (let k = 0; k < repeat; k++) {
      const lr = 0.001 * (t + 1);
      const values: Record<string, unknown> = { 'training.learning_rate': lr, ...(repeat > 1 ? { repeat: k } : {}) };
      const id = options.ids?.(t, k) ?? `t${String(t).padStart(3, '0')}`;
      const run: PlannedRun = { id, values, config: { experiment: spec.name, data: spec.data, model: spec.model, training: { ...spec.training, learning_rate: lr } }, hash: `h${t}${k}` };
      const status = options.statuses?.[t * repeat + k] ?? 'completed';
      results.push({
        run, status, error: null, divergedAt: status === 'diverged' ? 2 : null, losses: [2.3, 1 - t / 10],
        evaluations: [{ iteration: 1, epoch: 0.01, accuracy: { validation: 0.5 + t / 100, test: 0.4 + t / 100 } }],
      });
    }
  }
  return { spec, varying: ['training.learning_rate', ...(repeat > 1 ? ['repeat'] : [])], results };
}

const headerOf = (lines: string[]) => lines.find((l) => l.startsWith('| rank'))!;
const rowsOf = (lines: string[]) => lines.filter((l) => l.startsWith('| ')).slice(2).map((l) => l.slice(2, -2).split(' | '));

describe("a search's ranked table", () => {
  it('shows the trial, the judged accuracy, and the test accuracy beside it when the judged slice is another', () => {
    const byValidation = rankedTable(searchInput(2, { select: { metric: 'validation_accuracy', mode: 'max' } }));
    expect(headerOf(byValidation)).toBe('| rank | trial | learning rate | status | validation accuracy | test accuracy |');
    expect(rowsOf(byValidation)).toEqual([['1', '`t001`', '0.002', 'completed', '0.510', '0.410'], ['2', '`t000`', '0.001', 'completed', '0.500', '0.400']]);
    expect(headerOf(rankedTable(searchInput(2)))).toBe('| rank | trial | learning rate | status | test accuracy |');
  });

  it('shows the final loss, lowest first, when it is judged by final loss, and the test accuracy beside it', () => {
    const byLoss = rankedTable(searchInput(2, { select: { metric: 'final_loss', mode: 'min' } }));
    expect(headerOf(byLoss)).toBe('| rank | trial | learning rate | status | final loss | test accuracy |');
    expect(rowsOf(byLoss).map((row) => [row[1], row[4]])).toEqual([['`t001`', '0.9'], ['`t000`', '1']]);
  });

  it(`says how many trials are left out past the first ${RANKED_ROWS}, and nothing when none is`, () => {
    const all = rankedTable(searchInput(RANKED_ROWS));
    expect(all.some((l) => l === readmeText.rankedRest(1, 'trials'))).toBe(false);
    expect(rowsOf(all)).toHaveLength(RANKED_ROWS);
    const more = rankedTable(searchInput(RANKED_ROWS + 2));
    expect(more).toContain(readmeText.rankedRest(2, 'trials'));
    expect(rowsOf(more)).toHaveLength(RANKED_ROWS);
    expect(all.filter((l) => l === '')).toHaveLength(more.filter((l) => l === '').length - 1);
  });

  it("names a repeated trial without its seed's suffix, and counts its seeds' statuses, completed first", () => {
    const input = searchInput(2, {
      repeat: 3, statuses: ['completed', 'completed', 'completed', 'diverged', 'completed', 'diverged'],
      ids: (t, k) => `t${String(t).padStart(3, '0')}_r-${k + 1}${k === 2 ? '-0123abcd' : ''}`,
    });
    const lines = rankedTable(input);
    expect(headerOf(lines)).toBe('| rank | trial | learning rate | seeds | status | final loss | validation accuracy | test accuracy |');
    expect(rowsOf(lines).map((row) => [row[1], row[3], row[4]])).toEqual([['`t000`', '3', 'completed'], ['`t001`', '3', '1 completed, 2 diverged']]);
  });
});
