import { describe, expect, it } from 'vitest';
import { parallelCoordinates, searchScatter, topCurves, type SearchPoint } from '../../src/report/charts/search-charts.js';
import { renderSvg } from '../../src/report/render-svg.js';

const points: SearchPoint[] = [
  { run: 't000', values: { lr: 1e-4, wd: 1e-6, drop: 0.1 }, score: 0.5 },
  { run: 't001', values: { lr: 1e-2, wd: 1e-8, drop: 0.4 }, score: 0.9 },
  { run: 't002', values: { lr: 1e-3, wd: 1e-5, drop: 0.2 }, score: null },
];
const metric = { name: 'validation_accuracy', mode: 'max' } as const;
const layers = (spec: unknown) => (spec as { layer: { encoding: Record<string, any>; transform?: { filter: string }[] }[] }).layer;
const rows = (spec: unknown) => (spec as { data: { values: Record<string, unknown>[] } }).data.values;

describe('the search scatter', () => {
  it('puts log-uniform keys on log axes, colours scored trials by the metric and shows the rest apart', async () => {
    const spec = searchScatter(points, { key: 'lr', log: true }, { key: 'drop', log: false }, metric);
    const [scored, unscored] = layers(spec);
    expect(scored.encoding.x.scale).toEqual({ type: 'log' });
    expect(scored.encoding.y.scale).toEqual({ zero: false });
    expect(scored.encoding.color.field).toBe('score');
    expect(rows(spec).filter((r) => r.scored).map((r) => r.run)).toEqual(['t000', 't001']);
    expect(unscored.transform).toEqual([{ filter: '!datum.scored' }]);
    expect(await renderSvg(spec)).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
  });

  it('draws the best on top: lower scores first when higher is better, and the reverse', () => {
    expect(layers(searchScatter(points, { key: 'lr', log: true }, { key: 'wd', log: true }, metric))[0].encoding.order.sort).toBe('ascending');
    expect(layers(searchScatter(points, { key: 'lr', log: true }, { key: 'wd', log: true }, { name: 'final_loss', mode: 'min' }))[0].encoding.color.scale.reverse).toBe(true);
  });
});

describe('parallel coordinates', () => {
  it('place each trial on each axis by its share of the drawn range, in log10 for log keys', async () => {
    const spec = parallelCoordinates(points, [{ key: 'lr', log: true }, { key: 'drop', log: false }], metric);
    const at = (run: string, key: string) => rows(spec).find((r) => r.run === run && r.key === key)!.at;
    expect([at('t000', 'lr'), at('t001', 'lr'), at('t002', 'lr')]).toEqual([0, 1, 0.5]);
    expect(at('t002', 'drop') as number).toBeCloseTo(1 / 3, 12);
    expect(await renderSvg(spec)).toMatch(/^<svg/);
  });
});

describe('the best trials\' curves', () => {
  it('are panels in rank order, titled a line per searched key, the metric and the extra series in fixed colours', async () => {
    const curve = (run: string, rank: number) => ({ run, rank, label: 'learning rate 0.01\nweight decay 1e-6', points: [{ epoch: 0, value: 0.1 }, { epoch: 1, value: 0.8 }] });
    const spec = topCurves([curve('t001', 1), curve('t000', 2)], metric, { name: 'train_accuracy', curves: [curve('t001', 1), curve('t000', 2)] }) as any;
    expect(spec.facet.sort).toEqual(['#1 t001\nlearning rate 0.01\nweight decay 1e-6', '#2 t000\nlearning rate 0.01\nweight decay 1e-6']);
    // each line its own line of the panel's title, none cut to fit the panel's width
    expect(spec.facet.header.labelExpr).toBe("split(datum.label, '\\n')");
    expect(spec.spec.encoding.color.scale.domain).toEqual(['validation_accuracy', 'train_accuracy']);
    expect(await renderSvg(spec)).toMatch(/^<svg/);
  });
});
