/**
 * The comparison drawn as one experiment: each compared run its own line, named `run
 * experiment/run`, in the order given; the accuracy chart's columns the slices of every run,
 * in first-seen order; the best runs picked by report.select only when every experiment names
 * the same one; and a spec the report's own checks accept.
 */
import { describe, expect, it } from 'vitest';
import { comparisonInput, slicesOfAll } from '../../src/report/compare/compare-report.js';
import type { ComparedRun } from '../../src/report/compare/sources.js';
import { experimentProblem } from '../../src/report/experiment-file.js';
import { comparisonCharts } from '../../src/report/render-report.js';
import type { SelectSpec } from '../../src/spec/types.js';
import { makePlan, makeResult } from './fixtures.js';

/**
 * The runs of experiment `name` at `rates`, evaluated on `slices` (each a range of the test
 * split of its own), whose spec names `select`.
 */
function experiment(name: string, rates: number[], slices: string[], select?: SelectSpec): ComparedRun[] {
  const plan = makePlan(rates);
  const evaluate = Object.fromEntries(slices.map((s, i) => [s, { split: 'test' as const, start: 1000 * i, end: 1000 * (i + 1) }]));
  const data = { ...plan.spec.data, evaluate };
  const spec = { ...plan.spec, name, data, report: { ...plan.spec.report, ...(select ? { select } : {}) } };
  const file = { format: 1 as const, spec, varying: plan.varying, runs: plan.runs.map((r) => ({ id: r.id, hash: r.hash })) };
  return plan.runs.map((planned, i) => {
    const run = { ...planned, config: { ...planned.config, data } };
    const result = makeResult(run, 'completed', { rate: 0.5 + i / 2 });
    result.evaluations = result.evaluations.map((e) => ({ ...e, accuracy: Object.fromEntries(slices.map((s, k) => [s, e.accuracy.test - 0.01 * k])) }));
    return { label: `${name}/${run.id}`, dir: `results/${name}`, experiment: file, result };
  });
}

type Chart = ReturnType<typeof comparisonCharts>[number];
const chart = (charts: Chart[], name: string): Record<string, any> => charts.find((c) => c.path === `charts/${name}`)!.spec as Record<string, any>;
const seriesOf = (spec: Record<string, any>): string[] => [...new Set<string>(spec.data.values.map((v: { series: string }) => v.series))];

describe("a comparison's charts", () => {
  it('draw each compared run as its own line, named run experiment/run, in the order given', () => {
    const runs = [...experiment('b', [0.5], ['test']), ...experiment('a', [0.1, 0.5], ['test'])];
    const charts = comparisonCharts(comparisonInput(runs));
    expect(charts.map((c) => c.path)).toEqual(['charts/loss', 'charts/accuracy']);
    for (const name of ['loss', 'accuracy']) {
      expect(seriesOf(chart(charts, name)), name).toEqual(['run b/lr-0.5', 'run a/lr-0.1', 'run a/lr-0.5']);
    }
  });

  it("have a column of accuracy for every slice any run was measured on, the first run's first", () => {
    const runs = [...experiment('a', [0.1], ['train', 'test']), ...experiment('b', [0.5], ['valid', 'test'])];
    expect(slicesOfAll(runs)).toEqual(['train', 'test', 'valid']);
    const accuracy = chart(comparisonCharts(comparisonInput(runs)), 'accuracy');
    expect(accuracy.facet.column.sort).toEqual(['train', 'test', 'valid']);
    const drawn = (slice: string) => seriesOf({ data: { values: accuracy.data.values.filter((v: { slice: string }) => v.slice === slice) } });
    expect(drawn('valid')).toEqual(['run b/lr-0.5']);
    expect(drawn('test')).toEqual(['run a/lr-0.1', 'run b/lr-0.5']);
  });

  it('draw a slice the first run was not measured on', () => {
    const runs = [...experiment('a', [0.1], ['test']), ...experiment('b', [0.5], ['valid'])];
    const input = comparisonInput(runs);
    expect(Object.keys(input.spec.data.evaluate)).toEqual(['test', 'valid']);
    expect(chart(comparisonCharts(input), 'accuracy').facet.column.sort).toEqual(['test', 'valid']);
  });
});

describe('the comparison as one experiment', () => {
  it("has a spec and varying keys the report's own checks of experiment.json accept, its only varying key the run", () => {
    const runs = [...experiment('a', [0.1, 0.5], ['train', 'test']), ...experiment('b', [0.5], ['valid'])];
    const input = comparisonInput(runs);
    // no runs listed: a comparison's run ids are labels (experiment/run), never folder names
    expect(experimentProblem({ format: 1, spec: input.spec, varying: input.varying, runs: [] })).toBeNull();
    expect(input.varying).toHaveLength(1);
    expect(input.results.map((r) => r.run.id)).toEqual(['a/lr-0.1', 'a/lr-0.5', 'b/lr-0.5']);
  });

  it('keeps each run\'s results: its losses, evaluations, status and hash', () => {
    const runs = experiment('a', [0.1, 0.5], ['test']);
    const { results } = comparisonInput(runs);
    results.forEach((r, i) => {
      expect(r.losses).toEqual(runs[i].result.losses);
      expect(r.evaluations).toEqual(runs[i].result.evaluations);
      expect(r.status).toBe(runs[i].result.status);
      expect(r.run.hash).toBe(runs[i].result.run.hash);
    });
  });
});

describe("the comparison's best runs", () => {
  const byLoss: SelectSpec = { metric: 'final_loss', mode: 'min' };

  it("are picked by the experiments' report.select when they all name the same one", () => {
    const runs = [...experiment('a', [0.1], ['test'], byLoss), ...experiment('b', [0.5], ['test'], { ...byLoss })];
    expect(comparisonInput(runs).spec.report.select).toEqual(byLoss);
  });

  it('are picked by the judged slice\'s accuracy when the experiments name another metric, another mode, or none', () => {
    const others: (SelectSpec | undefined)[] = [{ metric: 'test_accuracy', mode: 'min' }, { metric: 'final_loss', mode: 'max' }, undefined];
    for (const other of others) {
      for (const [first, second] of [[byLoss, other], [other, byLoss]]) {
        const runs = [...experiment('a', [0.1], ['test'], first), ...experiment('b', [0.5], ['test'], second)];
        expect(comparisonInput(runs).spec.report.select, JSON.stringify([first, second])).toBeUndefined();
      }
    }
  });
});
