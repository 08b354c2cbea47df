/**
 * A run's own chart, as the seed drew it: its loss (a line of window means in a min-to-max
 * band, on a log axis on the left), its accuracy on each slice (on a 0-to-1 axis on the
 * right), both against the iterations it was planned for, a diverged run marked where it
 * stopped, and what happened to it under the title.
 */
import { describe, expect, it } from 'vitest';
import { runChart } from '../../src/report/charts/run-chart.js';
import { MAX_MARKED_EVALUATIONS, PALETTE } from '../../src/report/charts/theme.js';
import { reportMessages } from '../../src/report/messages.js';
import { outcome } from '../../src/report/outcome.js';
import type { RunResult } from '../../src/results/types.js';
import { makePlan, makeResult, seedLikeResults } from './fixtures.js';

type Row = Record<string, number | string>;
interface Layer { transform?: { filter: Record<string, unknown> }[]; mark?: Record<string, unknown>; encoding?: Record<string, any>; layer?: Layer[] }
interface RunSpec { title: { text: string; subtitle: string[] }; data: { values: Row[] }; layer: Layer[]; resolve: unknown }

const spec = (result: RunResult, slices = ['train', 'test']): RunSpec => runChart(result, slices, 'the heading') as unknown as RunSpec;
const rows = (s: RunSpec, kind: string): Row[] => s.data.values.filter((r) => r.kind === kind);
/** The layers (nested ones included) that draw the rows of `kind`. */
const layersOf = (s: RunSpec, kind: string): Layer[] => {
  const all = (layers: Layer[]): Layer[] => layers.flatMap((l) => [l, ...all(l.layer ?? [])]);
  return all(s.layer).filter((l) => l.transform?.some((t) => t.filter.equal === kind));
};

/** A completed run of 1000 planned iterations with `losses` and evaluations every 100 of them. */
function run(losses: number[], evaluations = 4): RunResult {
  const [planned] = makePlan([0.5]).runs;
  const result = makeResult(planned, 'completed');
  return { ...result, losses, evaluations: result.evaluations.slice(0, evaluations) };
}

describe("a run's chart", () => {
  it('draws the loss as the mean of each window, in a band from its least to its greatest loss', () => {
    // 500 losses: windows of two, the first [4, 2], the second [1, 3]
    const losses = Array.from({ length: 500 }, (_, i) => [4, 2, 1, 3][i % 4]);
    const loss = rows(spec(run(losses)), 'loss');
    expect(loss).toHaveLength(250);
    expect(loss.slice(0, 2)).toEqual([
      { kind: 'loss', series: reportMessages.lossSeries, iteration: 0.5, loss: 3, lo: 2, hi: 4 },
      { kind: 'loss', series: reportMessages.lossSeries, iteration: 2.5, loss: 2, lo: 1, hi: 3 },
    ]);
    expect(spec(run(losses)).title.subtitle).toContain(reportMessages.runSubtitle(2));
  });

  it('leaves out a window whose mean a log axis cannot show, and starts a band at the mean where its least loss is zero', () => {
    const losses = [0, 0, 0, 1, 2, 2, ...Array.from({ length: 494 }, () => 1)];
    const loss = rows(spec(run(losses)), 'loss');
    expect(loss.map((r) => r.iteration).slice(0, 2)).toEqual([2.5, 4.5]);
    expect(loss[0]).toMatchObject({ loss: 0.5, lo: 0.5, hi: 1 });
  });

  it('draws the accuracy of each slice at each evaluation, leaving out the slices not given and the values not measured', () => {
    const result = run([1, 0.5], 3);
    result.evaluations[1] = { ...result.evaluations[1], accuracy: { ...result.evaluations[1].accuracy, test: Number.NaN } };
    const accuracy = rows(spec(result, ['test']), 'accuracy');
    expect(accuracy.map((r) => [r.series, r.iteration])).toEqual([[reportMessages.sliceAccuracy('test'), 0], [reportMessages.sliceAccuracy('test'), 200]]);
    expect(accuracy[1].accuracy).toBe(result.evaluations[2].accuracy.test);
  });

  it('puts the loss on a log axis on the left and the accuracy on a 0-to-1 axis on the right, each with its own scale', () => {
    const s = spec(run([2, 1]));
    const [band, line] = layersOf(s, 'loss');
    expect(line.mark).toMatchObject({ type: 'line' });
    expect(line.encoding!.y).toMatchObject({ field: 'loss', title: reportMessages.axisLoss, scale: { type: 'log' }, axis: { orient: 'left' } });
    expect(band.mark).toMatchObject({ type: 'area' });
    expect(band.encoding!.y).toMatchObject({ field: 'lo', scale: { type: 'log' } });
    expect(band.encoding!.y2).toEqual({ field: 'hi' });
    const [accuracy] = layersOf(s, 'accuracy');
    expect(accuracy.encoding!.y).toMatchObject({ field: 'accuracy', title: reportMessages.axisAccuracy, scale: { domain: [0, 1] }, axis: { orient: 'right' } });
    expect(s.resolve).toEqual({ scale: { y: 'independent' } });
  });

  it('spans the iterations the run was planned for, so that a run stopped early stops short', () => {
    const s = spec(run([2, 1, 0.5]));
    for (const layer of [...layersOf(s, 'loss'), ...layersOf(s, 'accuracy')]) {
      expect(layer.encoding!.x).toEqual({ field: 'iteration', type: 'quantitative', title: reportMessages.axisIteration, scale: { domain: [0, 1000] } });
    }
  });

  it('names the loss and each slice in a legend above the chart, in the palette every chart uses', () => {
    const [line] = layersOf(spec(run([2, 1]), ['valid', 'test']), 'loss').slice(1);
    expect(line.encoding!.color).toEqual({
      field: 'series', type: 'nominal',
      scale: { domain: [reportMessages.lossSeries, reportMessages.sliceAccuracy('valid'), reportMessages.sliceAccuracy('test')], range: PALETTE },
      legend: { title: null, orient: 'top' },
    });
  });

  it('marks a diverged run with a red dashed rule and a label where it stopped', () => {
    const { results } = seedLikeResults();
    const s = spec(results[2]);
    expect(rows(s, 'diverged')).toEqual([{ kind: 'diverged', iteration: 37, label: reportMessages.divergedLabel(37) }]);
    const [rule, label] = layersOf(s, 'diverged');
    expect(rule.mark).toMatchObject({ type: 'rule', strokeDash: [4, 3] });
    expect(label.mark).toMatchObject({ type: 'text' });
    expect(label.encoding!.text).toEqual({ field: 'label' });
    expect(rule.mark!.color).toBe(label.mark!.color);
    const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt((rule.mark!.color as string).slice(i, i + 2), 16));
    expect(r).toBeGreaterThan(2 * Math.max(g, b));
    expect(rows(spec(results[0]), 'diverged')).toEqual([]);
  });

  it('says under its heading what happened to the run, a failed run with nothing to draw too', () => {
    const { results } = seedLikeResults();
    for (const result of results) expect(spec(result).title.text).toBe('the heading');
    const failed = spec(results[1]);
    expect(failed.title.subtitle[0]).toBe(outcome(results[1]));
    expect(failed.data.values).toEqual([]);
    expect(spec(results[2]).title.subtitle[0]).toBe(outcome(results[2]));
  });

  it(`marks each evaluation with a point up to ${MAX_MARKED_EVALUATIONS} evaluations, a plain line past them`, () => {
    const evaluated = (count: number): RunResult => {
      const result = run([2, 1]);
      return { ...result, evaluations: Array.from({ length: count }, (_, i) => ({ iteration: i, epoch: i / 100, accuracy: { test: 0.5 } })) };
    };
    const mark = (count: number) => layersOf(spec(evaluated(count), ['test']), 'accuracy')[0].mark!;
    expect(mark(MAX_MARKED_EVALUATIONS)).toMatchObject({ type: 'line', point: { size: expect.any(Number) } });
    expect(mark(MAX_MARKED_EVALUATIONS + 1).type).toBe('line');
    expect(mark(MAX_MARKED_EVALUATIONS + 1).point).toBeUndefined();
  });
});
