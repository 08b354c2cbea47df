/** runs.csv: a row per run, a column per varying key, the status, the final loss, the last accuracies, where it diverged or was pruned. */
import { describe, expect, it } from 'vitest';
import type { ReportInput } from '../../src/report/report-input.js';
import { runsCsv, valueCell } from '../../src/report/runs-table.js';
import type { RunResult } from '../../src/results/types.js';
import { makePlan, makeResult } from './fixtures.js';

describe('runs.csv', () => {
  it('writes a grid value as it is written: a number, a string, a list or object as JSON, nothing for none', () => {
    expect([0.5, -0, 'relu', [100, 50], { std: 0.01 }, true, undefined].map(valueCell))
      .toEqual(['0.5', '-0', 'relu', '[100,50]', '{"std":0.01}', 'true', '']);
  });

  it('gives a pruned_at column only when successive halving pruned a run, empty for the runs it did not', () => {
    const plan = makePlan([0.1, 0.2]);
    const [kept, pruned] = plan.runs.map((run) => makeResult(run, 'completed'));
    const rows = (results: RunResult[]) => runsCsv({ spec: plan.spec, varying: plan.varying, results } satisfies ReportInput).trimEnd().split('\n');
    const withPruned = rows([kept, { ...pruned, status: 'pruned', prunedAt: 300 }]);
    expect(withPruned[0]).toBe('run,training.learning_rate,status,final_loss,train_accuracy,test_accuracy,diverged_at,pruned_at');
    expect(withPruned[1]).toMatch(/^lr-0\.1,0\.1,completed,[^,]+,[^,]+,[^,]+,,$/);
    expect(withPruned[2]).toMatch(/^lr-0\.2,0\.2,pruned,[^,]+,[^,]+,[^,]+,,300$/);
    const without = rows([kept, pruned]);
    expect(without[0]).toBe('run,training.learning_rate,status,final_loss,train_accuracy,test_accuracy,diverged_at');
    expect(without[2]).toMatch(/^lr-0\.2,0\.2,completed,[^,]+,[^,]+,[^,]+,$/);
  });

  it('writes a value per varying key, strings and lists included', () => {
    const plan = makePlan([0.1]);
    const run = { ...plan.runs[0], values: { 'model.activation': 'tanh', 'model.hidden': [100, 50] } };
    const text = runsCsv({ spec: plan.spec, varying: ['model.activation', 'model.hidden'], results: [{ ...makeResult(run, 'failed'), error: 'x' }] });
    expect(text).toBe('run,model.activation,model.hidden,status,final_loss,train_accuracy,test_accuracy,diverged_at\nlr-0.1,tanh,"[100,50]",failed,,,,\n');
  });
});
