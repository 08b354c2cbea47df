import { describe, expect, it } from 'vitest';
import { accuracyChart } from '../../src/report/charts/accuracy-chart.js';
import { lossChart } from '../../src/report/charts/loss-chart.js';
import { runChart } from '../../src/report/charts/run-chart.js';
import { reportMessages } from '../../src/report/messages.js';
import { renderSvg } from '../../src/report/render-svg.js';
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
  it('name the compared values in words in the legend, not by run id', () => {
    const spec = lossChart(inputOf(seedLikeResults()));
    const color = nodes(spec).find((n) => n.field === 'series') as { scale: { domain: string[] } };
    expect(color.scale.domain).toEqual(['learning rate 0.5', reportMessages.failedSeries('learning rate 1.2'), 'learning rate 1.5']);
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
});
