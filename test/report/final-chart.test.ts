/**
 * The final chart, past a dozen lines: one point per run at its final figure (the judged
 * slice's last accuracy, else its final loss on a log axis) against the compared key, a
 * numeric key on a log axis when it spans a factor of 10, a word key in plan order, and a
 * colour per other setting (the palette of every chart) when there are a few.
 */
import { describe, expect, it } from 'vitest';
import { finalChart } from '../../src/report/charts/final-chart.js';
import { PALETTE } from '../../src/report/charts/theme.js';
import { reportMessages } from '../../src/report/messages.js';
import type { ReportInput } from '../../src/report/report-input.js';
import type { RunResult } from '../../src/results/types.js';
import { makePlan, makeResult } from './fixtures.js';

interface Point { run: string; key: number | string; group: string; figure: number }
interface Channel { field: string; type?: string; title?: string | null; scale?: Record<string, unknown>; sort?: string[]; legend?: { title: null } }
interface FinalSpec {
  title: { text: string; subtitle: string };
  data: { values: Point[] };
  mark: { type: string; filled?: boolean };
  encoding: { x: Channel; y: Channel; color?: Channel; tooltip: Channel[] };
}

/** Completed runs at `rates`, each evaluated on test and then train (test is judged though last but one). */
function input(rates: number[], change: (result: RunResult, k: number) => RunResult = (r) => r): ReportInput {
  const plan = makePlan(rates, 1, 300);
  const spec = { ...plan.spec, data: { ...plan.spec.data, evaluate: { test: plan.spec.data.evaluate.test, train: plan.spec.data.evaluate.train } } };
  const results = plan.runs.map((run, k) => change(makeResult(run, 'completed', { rate: 0.3 + k / 10 }), k));
  return { spec, varying: plan.varying, results };
}

const drawn = (i: ReportInput): FinalSpec => finalChart(i)!.spec as unknown as FinalSpec;
const lastTest = (r: RunResult): number => r.evaluations[r.evaluations.length - 1].accuracy.test;

describe('the final chart', () => {
  it("puts one point per run at its judged slice's last accuracy, against the compared key, titled by both", () => {
    const i = input([0.1, 0.2, 0.4]);
    const chart = finalChart(i)!;
    const spec = chart.spec as unknown as FinalSpec;
    const metric = reportMessages.sliceAccuracy('test');
    expect(chart.title).toBe(reportMessages.finalTitle(metric, 'learning rate'));
    expect(spec.title).toEqual({ text: chart.title, subtitle: reportMessages.finalSubtitle(3) });
    expect(spec.mark).toMatchObject({ type: 'point', filled: true });
    expect(spec.data.values.map((p) => [p.run, p.key])).toEqual([['lr-0.1', 0.1], ['lr-0.2', 0.2], ['lr-0.4', 0.4]]);
    spec.data.values.forEach((p, k) => expect(p.figure).toBe(lastTest(i.results[k])));
    expect(spec.encoding.y).toMatchObject({ field: 'figure', type: 'quantitative', title: metric });
    expect(spec.encoding.y.scale).toEqual({ zero: false });
    expect(spec.encoding.x).toMatchObject({ field: 'key', type: 'quantitative', title: 'learning rate' });
  });

  it('names the run, the key and the figure of the point under the pointer', () => {
    const { tooltip } = drawn(input([0.1, 0.2])).encoding;
    expect(tooltip).toEqual([{ field: 'run' }, { field: 'key', title: 'learning rate' }, { field: 'figure', title: reportMessages.sliceAccuracy('test') }]);
  });

  it('leaves out a run with no figure, a failed one, and counts only the points drawn', () => {
    const i = input([0.1, 0.2, 0.4], (r, k) => (k === 1 ? { ...r, status: 'failed', losses: [], evaluations: [], error: 'out of memory' } : r));
    const spec = drawn(i);
    expect(spec.data.values.map((p) => p.run)).toEqual(['lr-0.1', 'lr-0.4']);
    expect(spec.title.subtitle).toBe(reportMessages.finalSubtitle(2));
  });

  it('plots the final loss on a log axis when no run was evaluated, a diverged run at its last finite loss', () => {
    const i = input([0.1, 0.2], (r, k) => ({ ...r, evaluations: [], losses: k === 0 ? [2, 1, 0.5] : [2, 4, Number.NaN] }));
    const chart = finalChart(i)!;
    const spec = chart.spec as unknown as FinalSpec;
    expect(chart.title).toBe(reportMessages.finalTitle(reportMessages.finalLoss, 'learning rate'));
    expect(spec.data.values.map((p) => p.figure)).toEqual([0.5, 4]);
    expect(spec.encoding.y).toMatchObject({ title: reportMessages.finalLoss, scale: { type: 'log' } });
  });

  it('judges by accuracy as soon as one run was evaluated, leaving out those that were not', () => {
    const i = input([0.1, 0.2], (r, k) => (k === 0 ? { ...r, evaluations: [] } : r));
    const spec = drawn(i);
    expect(spec.encoding.y.title).toBe(reportMessages.sliceAccuracy('test'));
    expect(spec.data.values.map((p) => p.run)).toEqual(['lr-0.2']);
  });

  it('spreads a numeric key on a log axis when it spans a factor of 10 or more, else on a linear one not from zero', () => {
    const scaleOf = (rates: number[]) => drawn(input(rates)).encoding.x.scale;
    expect(scaleOf([0.01, 0.1])).toEqual({ type: 'log' });
    expect(scaleOf([0.05, 0.1, 0.4])).toEqual({ zero: false });
    expect(scaleOf([0.2, 1.5])).toEqual({ zero: false });
  });

  it('keeps a key holding zero or a negative value off the log axis', () => {
    for (const values of [[0, 0.5, 5], [-1, 0.5, 5]]) {
      const i = input([1, 2, 3], (r, k) => ({ ...r, run: { ...r.run, values: { 'training.learning_rate': values[k] } } }));
      expect(drawn(i).encoding.x.scale, String(values)).toEqual({ zero: false });
    }
  });

  it('puts a key of words on a nominal axis in plan order, and one of numbers and words too', () => {
    const words = (values: unknown[]) => input([1, 2, 3], (r, k) => ({ ...r, run: { ...r.run, values: { 'training.learning_rate': values[k] } } }));
    const x = drawn(words(['slow', 'fast', 'medium'])).encoding.x;
    expect(x).toMatchObject({ field: 'key', type: 'nominal', title: 'learning rate', sort: ['slow', 'fast', 'medium'] });
    expect(drawn(words([0.1, 'fast', 1])).encoding.x).toMatchObject({ type: 'nominal', sort: ['0.1', 'fast', '1'] });
  });

  it('puts a key of lists, hidden layer sizes say, on a nominal axis, each list written out', () => {
    const hidden = [[50], [100, 50], [10]];
    const i = input([1, 2, 3], (r, k) => ({ ...r, run: { ...r.run, values: { 'training.learning_rate': hidden[k] } } }));
    const spec = drawn(i);
    expect(spec.data.values.map((p) => p.key)).toEqual(['[50]', '[100, 50]', '[10]']);
    expect(spec.encoding.x).toMatchObject({ type: 'nominal', sort: ['[50]', '[100, 50]', '[10]'] });
  });

  it('colours the points by the other varying settings when there are two to ten of them, in plan order', () => {
    const grouped = (groups: number) => {
      const i = input(Array.from({ length: 12 }, (_, k) => 0.1 * (k + 1)), (r, k) => ({
        ...r, run: { ...r.run, values: { ...r.run.values, 'training.batch_size': 10 * (1 + (k % groups)) } },
      }));
      return drawn({ ...i, varying: [...i.varying, 'training.batch_size'] }).encoding.color;
    };
    expect(grouped(1)).toBeUndefined();
    expect(grouped(2)).toMatchObject({ field: 'group', type: 'nominal', scale: { domain: ['batch size 10', 'batch size 20'] }, legend: { title: null } });
    expect(grouped(2)!.scale!.range).toBe(PALETTE);
    expect(grouped(10)!.scale!.domain).toHaveLength(10);
    expect(grouped(11)).toBeUndefined();
  });

  it('is not drawn when nothing varies', () => {
    const i = input([0.1]);
    expect(finalChart({ ...i, varying: [] })).toBeNull();
  });
});
