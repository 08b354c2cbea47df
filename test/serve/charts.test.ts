// The interactive charts' Vega-Lite specs: pure functions of the runs, checked as data and compiled by vega-lite.
import { compile } from 'vega-lite';
import * as vega from 'vega';
import { describe, expect, it } from 'vitest';
import { lossWindows, windowSize } from '../../src/report/downsample.js';
import { accuracyChart } from '../../src/serve/charts/accuracy.js';
import { lossChart } from '../../src/serve/charts/loss.js';
import { BRUSH, parallelChart } from '../../src/serve/charts/parallel.js';
import { SHOWN, type Series } from '../../src/serve/charts/series.js';
import { gridPlan, madeUpResults } from './results.js';

const TOLERANCE = 1e-12;

function seriesOf(grid: Record<string, string>): Series[] {
  const plan = gridPlan('charts', grid);
  return madeUpResults(plan).map((result) => ({ label: result.run.id, settings: JSON.stringify(result.run.values), result }));
}

type Spec = { data: { values: Record<string, unknown>[] }; params?: { name: string; bind?: unknown }[]; encoding?: Record<string, unknown>; layer?: Spec[] };

/** Compiles to Vega and runs the dataflow headless; resolves with the warnings vega-lite logged. */
async function runs(spec: unknown): Promise<string[]> {
  const warnings: string[] = [];
  const logger = { level: () => logger, error: (...a: unknown[]) => warnings.push(a.join(' ')), warn: (...a: unknown[]) => warnings.push(a.join(' ')), info: () => logger, debug: () => logger } as never;
  const view = new vega.View(vega.parse(compile(spec as never, { logger }).spec), { renderer: 'none' });
  await view.runAsync();
  view.finalize();
  return warnings;
}

describe('serve charts', () => {
  const two = seriesOf({ 'training.learning_rate': '[0.1, 0.5]' });

  it('draws each run\'s loss as the report\'s window means, one colour and legend entry per run', async () => {
    const spec = lossChart(two) as unknown as Spec;
    const size = windowSize(300);
    for (const s of two) {
      const rows = spec.data.values.filter((r) => r.run === s.label);
      const windows = lossWindows(s.result.losses, size);
      expect(rows.map((r) => r.iteration)).toEqual(windows.map((w) => w.iteration));
      rows.forEach((r, i) => expect(Math.abs((r.loss as number) - windows[i].mean)).toBeLessThanOrEqual(TOLERANCE));
    }
    expect((spec.encoding!.color as { scale: { domain: string[] } }).scale.domain).toEqual(two.map((s) => s.label));
    expect(await runs(spec)).toEqual([]);
  });

  it('shows and hides runs from the legend, zooms the loss, and tells each point\'s values on hover', () => {
    for (const spec of [lossChart(two), accuracyChart(two, ['train', 'test'])] as unknown as Spec[]) {
      expect(spec.params!.find((p) => p.name === SHOWN)!.bind).toBe('legend');
      expect(spec.params!.some((p) => p.bind === 'scales')).toBe(true);
      const tooltip = (spec.encoding!.tooltip as { field: string }[]).map((t) => t.field);
      expect(tooltip).toEqual(expect.arrayContaining(['run', 'settings', 'iteration']));
    }
  });

  it('puts every evaluation of every slice in the accuracy chart, values as evaluated', async () => {
    const spec = accuracyChart(two, ['train', 'test']) as unknown as Spec;
    const expected = two.flatMap((s) => s.result.evaluations.flatMap((e) => ['train', 'test'].map((slice) => [s.label, slice, e.iteration, e.accuracy[slice]])));
    expect(spec.data.values.map((r) => [r.run, r.slice, r.iteration, r.accuracy])).toEqual(expected);
    expect(await runs(spec)).toEqual([]);
  });

  it('draws parallel coordinates only when more than two keys vary', () => {
    expect(parallelChart(two, ['training.learning_rate'], 'test')).toBeNull();
    const threeKeys = seriesOf({ 'training.learning_rate': '[0.1]', 'model.hidden': '[[8], [16]]', 'training.batch_size': '[50]' });
    expect(parallelChart(threeKeys, ['training.learning_rate', 'model.hidden', 'training.batch_size', 'repeat'], 'test')).not.toBeNull();
    expect(parallelChart(threeKeys, ['model.hidden', 'training.batch_size', 'repeat'], 'test')).toBeNull();
  });

  it('places each axis\'s values in 0..1, numbers by value, others in order, with a brush to pick runs', async () => {
    const keys = ['training.learning_rate', 'model.hidden', 'training.batch_size'];
    const series = seriesOf({ 'training.learning_rate': '[0.1, 0.2, 0.5]', 'model.hidden': '[[16], [8]]', 'training.batch_size': '[50, 100]' });
    const spec = parallelChart(series, keys, 'test') as unknown as Spec;
    const rows = spec.data.values;
    const norm = (axis: number, run: string) => rows.find((r) => r.axis === axis && r.run === run)!.norm as number;
    for (const s of series) {
      const { 'training.learning_rate': lr, 'model.hidden': hidden, 'training.batch_size': batch } = s.result.run.values as Record<string, unknown>;
      expect(Math.abs(norm(0, s.label) - ((lr as number) - 0.1) / 0.4)).toBeLessThanOrEqual(TOLERANCE);
      expect(norm(1, s.label)).toBe(JSON.stringify(hidden) === '[16]' ? 0 : 1);
      expect(norm(2, s.label)).toBe(batch === 50 ? 0 : 1);
    }
    expect(new Set(rows.map((r) => r.axis))).toEqual(new Set([0, 1, 2, 3]));
    expect(spec.layer!.some((layer) => layer.params?.some((p) => p.name === BRUSH))).toBe(true);
    expect(await runs(spec)).toEqual([]);
  });
});
