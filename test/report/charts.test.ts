import { describe, expect, it } from 'vitest';
import { accuracyChart } from '../../src/report/charts/accuracy-chart.js';
import { lossChart } from '../../src/report/charts/loss-chart.js';
import { finalChart } from '../../src/report/charts/final-chart.js';
import { runChart } from '../../src/report/charts/run-chart.js';
import { BEST_FEW } from '../../src/report/drawn-runs.js';
import { comparisonCharts } from '../../src/report/render-report.js';
import { reportMessages } from '../../src/report/messages.js';
import { renderEarly, renderSvg } from '../../src/report/render-svg.js';
import type { ReportInput } from '../../src/report/report-input.js';
import { makePlan, makeResult, repeatResults, seedLikeResults } from './fixtures.js';

const inputOf = ({ plan, results }: ReturnType<typeof seedLikeResults>): ReportInput => ({
  spec: plan.spec, varying: plan.varying, results,
});

/** Every object inside a spec, depth first. */
function nodes(value: unknown): Record<string, unknown>[] {
  if (value === null || typeof value !== 'object') return [];
  const own = Array.isArray(value) ? [] : [value as Record<string, unknown>];
  return [...own, ...Object.values(value).flatMap(nodes)];
}

describe('the charts', () => {
  it('name the compared values in words in the legend, not by run id, for a key that is not a number', () => {
    const { plan, results } = seedLikeResults();
    const words = ['plain', 'quick', 'slow'];
    const input = inputOf({ plan, results: results.map((r, k) => ({ ...r, run: { ...r.run, values: { 'training.learning_rate': words[k] } } })) });
    const color = nodes(lossChart(input)).find((n) => n.field === 'series') as { scale: { domain: string[] } };
    expect(color.scale.domain).toEqual(['learning rate plain', reportMessages.failedSeries('learning rate quick'), 'learning rate slow']);
  });

  it('colour a numeric compared key on a continuous scale with a gradient legend titled by the key, log-spaced across decades', () => {
    const scaleOf = (rates: number[]) => {
      const plan = makePlan(rates);
      const spec = lossChart(inputOf({ plan, results: plan.runs.map((run) => makeResult(run, 'completed')) }));
      const stroke = nodes(spec).find((n) => n.field === 'value' && 'legend' in n) as { type: string; scale: { type: string; domain: number[] }; legend: { title: string } };
      expect(stroke.type).toBe('quantitative');
      expect(stroke.legend.title).toBe('learning rate');
      return stroke.scale;
    };
    expect(scaleOf([0.5, 1.2, 1.5])).toMatchObject({ type: 'linear', domain: [0.5, 1.5] });
    expect(scaleOf([0.01, 0.1, 1])).toMatchObject({ type: 'log', domain: [0.01, 1] });
  });

  it('past a dozen settings, draw the curves of the best few and every run\'s final accuracy against the key', () => {
    const rates = Array.from({ length: 50 }, (_, k) => 0.01 * (k + 1));
    const plan = makePlan(rates, 1, 200);
    const input = inputOf({ plan, results: plan.runs.map((run, k) => makeResult(run, 'completed', { rate: 0.2 + k / 25 })) });
    const loss = lossChart(input) as { data: { values: { series: string }[] } };
    expect(new Set(loss.data.values.map((v) => v.series)).size).toBe(BEST_FEW);
    const names = comparisonCharts(input).map((c) => c.path);
    expect(names).toEqual(['charts/loss', 'charts/accuracy', 'charts/final']);
    const final = finalChart(input)!.spec as { data: { values: { key: number }[] } };
    expect(final.data.values.map((v) => v.key)).toEqual(rates);
  });

  it('mark a diverged run where its loss curve stops, with a label', () => {
    const spec = lossChart(inputOf(seedLikeResults())) as { data: { values: Record<string, unknown>[] } };
    const marks = spec.data.values.filter((row) => row.kind === 'diverged');
    expect(marks).toHaveLength(1);
    expect(marks[0].label).toBe(reportMessages.divergedLabel(37));
    const lastLine = spec.data.values.filter((row) => row.kind === 'line' && row.series === 'learning rate 1.5').at(-1)!;
    expect(marks[0].iteration).toBe(lastLine.iteration);
  });

  it('draw repeats as a mean line with a band from min to max across seeds', () => {
    const input = inputOf(repeatResults());
    for (const spec of [lossChart(input), accuracyChart(input)]) {
      const band = nodes(spec).find((n) => (n.mark as { type?: string })?.type === 'area');
      expect(band).toBeDefined();
      expect(nodes(band).some((n) => 'y2' in n)).toBe(true);
    }
    const rows = (lossChart(input) as { data: { values: Record<string, number>[] } }).data.values;
    for (const band of rows.filter((r) => (r.kind as unknown) === 'band')) {
      const line = rows.find((r) => (r.kind as unknown) === 'line' && r.series === band.series && r.iteration === band.iteration)!;
      expect(band.lo).toBeLessThanOrEqual(line.loss + 1e-12);
      expect(band.hi).toBeGreaterThanOrEqual(line.loss - 1e-12);
    }
  });

  it('render to the same SVG bytes every time, with a white background and titled axes', async () => {
    const input = inputOf(seedLikeResults());
    const spec = lossChart(input);
    const first = await renderSvg(spec);
    await renderSvg(accuracyChart(input));
    expect(await renderSvg(spec)).toBe(first);
    expect(first).toMatch(/^<svg[^>]*><rect width="\d+" height="\d+" fill="white"\/>/);
    for (const text of [reportMessages.lossTitle, reportMessages.axisIteration, reportMessages.axisLoss]) expect(first).toContain(`>${text}<`);
  });

  it('render the same bytes when rendered early, in the background, while other charts are rendered on demand', async () => {
    const input = inputOf(seedLikeResults());
    const loss = lossChart(input);
    const accuracy = accuracyChart(input);
    const onDemand = [await renderSvg(loss), await renderSvg(accuracy)];
    // the early renders start first; the on-demand ones are asked for before they finish
    renderEarly(accuracy);
    renderEarly(loss);
    const [lossAgain, accuracyAgain] = await Promise.all([renderSvg(loss), renderSvg(accuracy)]);
    expect([lossAgain, accuracyAgain]).toEqual(onDemand);
  });

  it('stay under 300 KB for eight runs of 10,000 iterations', async () => {
    const plan = makePlan([0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1, 1.2], 1, 10000);
    const results = plan.runs.map((run) => makeResult(run, 'completed'));
    const input = { spec: plan.spec, varying: plan.varying, results };
    const svgs = [
      await renderSvg(lossChart(input)),
      await renderSvg(accuracyChart(input)),
      await renderSvg(runChart(results[0], ['train', 'test'], 'lr-0.1')),
    ];
    for (const svg of svgs) expect(svg.length).toBeLessThan(300_000);
  });
  it('draw a slice measured only at the end (every: end) as a point, in the comparison and in each run\'s figure', () => {
    const { plan, results } = seedLikeResults();
    // test measured at the last evaluation only
    const endOnly = results.map((r) => ({
      ...r,
      evaluations: r.evaluations.map((e, k) => (k === r.evaluations.length - 1 ? e : { ...e, accuracy: { train: e.accuracy.train } })),
    }));
    const input = inputOf({ plan, results: [endOnly[0]] });
    const accuracy = accuracyChart(input) as { data: { values: { slice: string; once?: number }[] } };
    const points = (spec: unknown) => nodes(spec).filter((n) => (n.mark as { type?: string } | undefined)?.type === 'point');
    expect(accuracy.data.values.filter((r) => r.once === 1).map((r) => r.slice)).toEqual(['test']);
    expect(accuracy.data.values.filter((r) => r.slice === 'train').length).toBeGreaterThan(1);
    expect(points(accuracy)).toHaveLength(1);
    expect(points(runChart(endOnly[0], ['train', 'test'], 'lr-0.5'))).toHaveLength(1);
    // with every slice at every point, nothing changes: no point layer
    expect(points(accuracyChart(inputOf({ plan, results: [results[0]] })))).toHaveLength(0);
    expect(points(runChart(results[0], ['train', 'test'], 'lr-0.5'))).toHaveLength(0);
  });
});
