/**
 * A search's pictures in the report (charts/search-*.svg): where the good region lies, every
 * searched key at once, and the best trials' curves, each trial scored by `report.select`
 * (by default the judged slice's last accuracy, higher being better).
 */
import type { ChartFile } from './chart-file.js';
import { parallelCoordinates, searchScatter, topCurves, type Curve, type MetricInfo, type SearchAxis, type SearchPoint } from './charts/search-charts.js';
import { rankSettings } from './ranking.js';
import { keyWords, valueText } from './words.js';
import { selectMetric } from './select.js';
import { slicesOf, type ReportInput } from './report-input.js';
import type { RunResult } from '../results/types.js';

/** Trials whose curves the report draws as small multiples. */
export const TOP_CURVES = 20;

const ACCURACY = '_accuracy';

export function searchCharts(input: ReportInput, path: (name: string) => string): ChartFile[] {
  const space = input.spec.search?.space;
  if (!space || input.results.length === 0) return [];
  const metric = selectMetric(input);
  const axes: SearchAxis[] = Object.entries(space)
    .filter(([, d]) => !('choice' in d) || d.choice.every((v) => typeof v === 'number'))
    .map(([key, d]) => ({ key, log: 'loguniform' in d || 'logint' in d }));
  const points: SearchPoint[] = input.results.map((r) => ({
    run: r.run.id,
    values: Object.fromEntries(axes.map((a) => [a.key, r.run.values[a.key] as number])),
    score: metric.score(r),
  }));
  const charts: ChartFile[] = [];
  if (axes.length >= 2) charts.push({ path: path('search-region'), title: 'Where the good region lies', spec: searchScatter(points, axes[0], axes[1], metric) });
  if (axes.length > 2) charts.push({ path: path('search-keys'), title: 'Every searched key at once', spec: parallelCoordinates(points, axes, metric) });
  const ranked = rankSettings(input.results, metric)
    .filter((s) => s.score !== null)
    .slice(0, TOP_CURVES)
    .map((s) => ({ r: s.best }));
  if (metric.slice !== null && ranked.some(({ r }) => r.evaluations.length > 1)) {
    const curveOf = (r: RunResult, rank: number, slice: string): Curve => ({
      run: r.run.id, rank,
      label: axes.slice(0, 2).map((a) => `${keyWords(a.key)} ${valueText(Number((r.run.values[a.key] as number).toPrecision(2)))}`).join('\n'),
      points: r.evaluations.flatMap((e) => (e.accuracy[slice] === undefined ? [] : [{ epoch: e.epoch, value: e.accuracy[slice] }])),
    });
    const slice = metric.slice;
    const train = slicesOf(input).find((s) => s !== slice && s === 'train') ?? null;
    charts.push({
      path: path('search-best'), title: `The best ${ranked.length} trials' curves`,
      spec: topCurves(ranked.map(({ r }, i) => curveOf(r, i + 1, slice)), metric, train ? { name: `${train}${ACCURACY}`, curves: ranked.map(({ r }, i) => curveOf(r, i + 1, train)) } : null),
    });
  }
  return charts;
}
