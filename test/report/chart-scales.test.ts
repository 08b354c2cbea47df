/** How the comparison charts scale and colour their lines, and which lines they draw. */
import { describe, expect, it } from 'vitest';
import { accuracyAxis, ERROR_FLOOR, errorOf } from '../../src/report/charts/accuracy-scale.js';
import { seriesColour } from '../../src/report/charts/series-colour.js';
import { MAX_SERIES, shownLines } from '../../src/report/charts/shown-lines.js';
import { PALETTE } from '../../src/report/charts/theme.js';
import type { Line, ReportInput } from '../../src/report/report-input.js';
import { makePlan, makeResult } from './fixtures.js';

const line = (series: string, value: number | null): Line => ({ group: '', series, value, results: [] });

describe('the colour of the compared lines', () => {
  it('follows a numeric key on a log scale when its values span a factor of 10 or more', () => {
    const colour = seriesColour([line('lr 0.01', 0.01), line('lr 0.1', 0.1)], 'training.learning_rate');
    expect(colour.continuous).toBe(true);
    const stroke = colour.lines.stroke as { field: string; scale: { type: string; domain: number[] }; legend: { title: string } };
    expect(stroke).toMatchObject({ field: 'value', type: 'quantitative', scale: { type: 'log', domain: [0.01, 0.1] }, legend: { title: 'learning rate' } });
    expect(colour.fills.fill).toMatchObject({ field: 'tint', scale: stroke.scale, legend: null });
  });

  it('is linear over a narrower span, or where a value is 0, and widened to a span of 1 for a single value', () => {
    const scale = (lines: Line[]) => (seriesColour(lines, 'k').lines.stroke as { scale: { type: string; domain: number[] } }).scale;
    expect(scale([line('a', 0.2), line('b', 1.9)])).toMatchObject({ type: 'linear', domain: [0.2, 1.9] });
    expect(scale([line('a', 0), line('b', 100)])).toMatchObject({ type: 'linear', domain: [0, 100] });
    expect(scale([line('a', -1), line('b', 100)])).toMatchObject({ type: 'linear' });
    expect(scale([line('a', 0.5), line('b', 0.5)])).toMatchObject({ domain: [0.5, 1.5] });
  });

  it('is a palette colour per series, in order, for a key that is not a number, and for no key', () => {
    for (const colour of [seriesColour([line('sgd', null), line('adam', null), line('sgd', null)], 'training.optimizer'), seriesColour([line('one', 3)], null)]) {
      expect(colour.continuous).toBe(false);
      expect(colour.lines).toEqual(colour.fills);
      expect((colour.lines.color as { scale: { range: unknown } }).scale.range).toBe(PALETTE);
    }
    expect(seriesColour([line('sgd', null), line('adam', 1), line('sgd', null)], 'k').lines.color)
      .toEqual({ field: 'series', type: 'nominal', scale: { domain: ['sgd', 'adam'], range: PALETTE }, legend: { title: null } });
  });
});

describe('the accuracy axis', () => {
  it('plots the error, 1 - accuracy, no lower than its floor', () => {
    expect(errorOf(0.75)).toBe(0.25);
    expect(errorOf(1)).toBe(ERROR_FLOOR);
    expect(ERROR_FLOOR).toBe(1e-4);
  });

  it('fits the errors with a quarter of room either side, reversed, labelled at the accuracies inside', () => {
    const { scale, axis } = accuracyAxis([0.001, 0.5, Number.NaN]);
    expect(scale).toEqual({ type: 'log', domain: [0.0008, 0.625], reverse: true, nice: false });
    expect(axis.labelExpr).toBe("format(1 - datum.value, '.4~f')");
    const expected = [0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001];
    expect(axis.values).toHaveLength(expected.length);
    (axis.values as number[]).forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(1e-12));
  });

  it('spans a factor of 4 at least, around the middle of the data, within the floor and 1', () => {
    const [lo, hi] = (accuracyAxis([0.05, 0.1]).scale.domain as number[]);
    expect(Math.abs(hi / lo - 4)).toBeLessThan(1e-12);
    expect(Math.abs(Math.sqrt(lo * hi) - Math.sqrt(0.04 * 0.125))).toBeLessThan(1e-12);
    expect(accuracyAxis([1e-4, 1e-4]).scale.domain).toEqual([1e-4, 4e-4]);
    const [top, one] = accuracyAxis([0.9, 0.95]).scale.domain as number[];
    expect(Math.abs(top - Math.sqrt(0.9 / 1.25) / 2)).toBeLessThan(1e-12);
    expect(one).toBe(1);
  });

  it('spans 0.01 to 1 with room when there is no finite error', () => {
    expect(accuracyAxis([]).scale.domain).toEqual([0.008, 1]);
  });
});

describe('the lines the comparison draws', () => {
  function inputOf(count: number): ReportInput {
    const plan = makePlan(Array.from({ length: count }, (_, k) => (k + 1) / 100));
    const results = plan.runs.map((run, k) => {
      const result = makeResult(run, 'completed');
      result.evaluations.at(-1)!.accuracy = { train: 0.5, test: 0.5 + k / 100 };
      return result;
    });
    return { spec: plan.spec, varying: plan.varying, results };
  }

  it(`are all ${MAX_SERIES} at most, and past that the best three runs' only`, () => {
    expect(MAX_SERIES).toBe(12);
    const all = shownLines(inputOf(12));
    expect(all).toMatchObject({ all: 12, cut: false });
    expect(all.lines).toHaveLength(12);
    const cut = shownLines(inputOf(13));
    expect(cut).toMatchObject({ all: 13, cut: true });
    expect(cut.lines.map((l) => l.results[0].run.id)).toEqual(['lr-0.11', 'lr-0.12', 'lr-0.13']);
  });
});
