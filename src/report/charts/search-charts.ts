/**
 * The pictures of a search, as the book draws them (ch. 6, hyperparameter_optimization.py):
 * where the good region lies (two searched keys against each other, coloured by the select
 * metric, on log axes for log-uniform keys), every searched key at once when more than two
 * vary (parallel coordinates), and the learning curves of the best trials as small multiples.
 * Pure: data in, a Vega-Lite spec out; `report` renders them and writes the spec beside each SVG.
 */
import type { TopLevelSpec } from 'vega-lite';
import { config, SCHEMA } from './theme.js';

/** One trial: its searched values and its score by the select metric (null when it has none, e.g. diverged). */
export interface SearchPoint {
  run: string;
  values: Record<string, number | string>;
  score: number | null;
}

export interface SearchAxis {
  key: string;
  /** A log scale, for keys drawn log-uniformly. */
  log: boolean;
}

/** How the select metric reads: its name for titles, and whether higher is better. */
export interface MetricInfo {
  name: string;
  mode: 'max' | 'min';
}

const SCORE_SCHEME = 'viridis';

function colour(metric: MetricInfo) {
  return {
    field: 'score', type: 'quantitative', title: metric.name,
    // the best end of the scale is the brightest, whichever way the metric points
    scale: { scheme: SCORE_SCHEME, reverse: metric.mode === 'min' },
    legend: { orient: 'right', gradientLength: 200, titleLimit: 400, titleOrient: 'left' },
  } as const;
}

/** Two searched keys against each other, a point per trial coloured by its score; trials without one are grey crosses. */
export function searchScatter(points: readonly SearchPoint[], x: SearchAxis, y: SearchAxis, metric: MetricInfo): TopLevelSpec {
  const rows = points.map((p) => ({ run: p.run, x: p.values[x.key], y: p.values[y.key], score: p.score, scored: p.score !== null }));
  const axis = (a: SearchAxis, field: 'x' | 'y') => ({
    field, type: 'quantitative', title: a.key, scale: a.log ? { type: 'log' } : { zero: false },
    axis: a.log ? { format: '.0e' } : {},
  }) as const;
  const tooltip = [
    { field: 'run', type: 'nominal', title: 'run' },
    { field: 'x', type: 'quantitative', title: x.key, format: '.3~g' },
    { field: 'y', type: 'quantitative', title: y.key, format: '.3~g' },
    { field: 'score', type: 'quantitative', title: metric.name, format: '.4f' },
  ] as const;
  return {
    $schema: SCHEMA, config,
    title: { text: 'Where the good region lies', subtitle: `${metric.name} of ${points.length} trials by ${x.key} and ${y.key}; grey crosses have none` },
    data: { values: rows },
    width: 520, height: 380,
    layer: [
      {
        transform: [{ filter: 'datum.scored' }],
        mark: { type: 'circle', size: 70, opacity: 0.9, stroke: '#333', strokeWidth: 0.4 },
        encoding: { x: axis(x, 'x'), y: axis(y, 'y'), color: colour(metric), tooltip, order: { field: 'score', sort: metric.mode === 'max' ? 'ascending' : 'descending' } },
      },
      {
        transform: [{ filter: '!datum.scored' }],
        mark: { type: 'point', shape: 'cross', size: 50, color: '#999', filled: true },
        encoding: { x: axis(x, 'x'), y: axis(y, 'y'), tooltip },
      },
    ],
  } as unknown as TopLevelSpec;
}

/** Every searched key as a vertical axis scaled to its range (log10 for log keys), a line per trial coloured by its score. */
export function parallelCoordinates(points: readonly SearchPoint[], axes: readonly SearchAxis[], metric: MetricInfo): TopLevelSpec {
  const numeric = axes.filter((a) => points.every((p) => typeof p.values[a.key] === 'number'));
  const position = (a: SearchAxis, value: number) => (a.log ? Math.log10(value) : value);
  const ranges = numeric.map((a) => {
    const values = points.map((p) => position(a, p.values[a.key] as number));
    return { lo: Math.min(...values), hi: Math.max(...values) };
  });
  const rows = points.flatMap((p) =>
    numeric.map((a, k) => {
      const { lo, hi } = ranges[k];
      const value = p.values[a.key] as number;
      return { run: p.run, key: a.key, value, at: hi > lo ? (position(a, value) - lo) / (hi - lo) : 0.5, score: p.score, scored: p.score !== null };
    }),
  );
  const x = {
    field: 'key', type: 'nominal', sort: numeric.map((a) => a.key), title: null,
    axis: { labelAngle: 0, domain: false, ticks: false, labelLimit: 240, labelPadding: 22, orient: 'bottom' },
  } as const;
  const ends = numeric.flatMap((a, k) => {
    const values = points.map((p) => p.values[a.key] as number);
    return [
      { key: a.key, at: 0, label: formatEnd(Math.min(...values)) },
      { key: a.key, at: 1, label: formatEnd(Math.max(...values)) },
    ].map((e) => ({ ...e, end: true, k }));
  });
  return {
    $schema: SCHEMA, config,
    title: { text: `Every searched key at once, coloured by ${metric.name}`, subtitle: 'Each axis spans its key\'s drawn range, bottom to top (log scale for log-uniform keys)' },
    data: { values: [...rows, ...ends] },
    width: Math.max(320, 240 * numeric.length), height: 320,
    layer: [
      { transform: [{ filter: 'datum.end' }], mark: { type: 'rule', color: '#bbb' }, encoding: { x } },
      {
        transform: [{ filter: '!datum.end' }],
        mark: { type: 'line', strokeWidth: 1.2, opacity: 0.75 },
        encoding: {
          x, y: { field: 'at', type: 'quantitative', axis: null, scale: { domain: [0, 1] } },
          color: { condition: { test: 'datum.scored', ...colour(metric) }, value: '#bbb' },
          detail: { field: 'run' },
          // the best drawn last, on top
          order: { field: 'score', sort: metric.mode === 'max' ? 'ascending' : 'descending' },
          tooltip: [{ field: 'run', type: 'nominal' }, { field: 'key', type: 'nominal' }, { field: 'value', type: 'quantitative', format: '.3~g' }, { field: 'score', type: 'quantitative', title: metric.name, format: '.4f' }],
        },
      },
      {
        transform: [{ filter: 'datum.end' }],
        mark: { type: 'text', fontSize: 10, color: '#444' },
        encoding: {
          x, y: { field: 'at', type: 'quantitative', axis: null, scale: { domain: [0, 1] } },
          yOffset: { condition: { test: 'datum.at === 1', value: -8 }, value: 10 },
          text: { field: 'label' },
        },
      },
    ],
  } as unknown as TopLevelSpec;
}

/** A bound as an axis end shows it: 3 significant digits. */
function formatEnd(value: number): string {
  return value !== 0 && Math.abs(value) < 1e-3 ? value.toExponential(2).replace('e-', 'e-') : Number(value.toPrecision(3)).toString();
}

/** A trial's learning curve: the select metric at each evaluation. */
export interface Curve {
  run: string;
  /** Its place in the ranking, 1 = best. */
  rank: number;
  /** What the panel's title says under the rank and trial, a line per key, e.g. "learning rate 0.0031\nweight decay 2.1e-7". */
  label: string;
  points: { epoch: number; value: number }[];
}

/** The best trials' curves as small multiples, five to a row, best first. */
/** A panel's title: the rank and trial on the first line, the searched values under it. */
const panelOf = (c: Curve): string => `#${c.rank} ${c.run}\n${c.label}`;

export function topCurves(curves: readonly Curve[], metric: MetricInfo, extra: { name: string; curves: readonly Curve[] } | null = null): TopLevelSpec {
  const rows = curves.flatMap((c) => c.points.map((p) => ({ panel: panelOf(c), rank: c.rank, epoch: p.epoch, value: p.value, series: metric.name })));
  if (extra) {
    for (const c of extra.curves) for (const p of c.points) rows.push({ panel: panelOf(c), rank: c.rank, epoch: p.epoch, value: p.value, series: extra.name });
  }
  const panels = curves.map(panelOf);
  return {
    $schema: SCHEMA, config,
    title: { text: `The best ${curves.length} trials by ${metric.name}`, subtitle: extra ? `${metric.name} and ${extra.name} at each evaluation` : `${metric.name} at each evaluation` },
    data: { values: rows },
    facet: { field: 'panel', type: 'nominal', sort: panels, title: null, header: { labelFontSize: 10, labelLimit: 240, labelExpr: "split(datum.label, '\\n')" } },
    columns: 5,
    spec: {
      width: 170, height: 100,
      mark: { type: 'line', strokeWidth: 1.5 },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'epoch' },
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
        color: {
          field: 'series', type: 'nominal', legend: extra ? { orient: 'top', title: null } : null,
          scale: { domain: [metric.name, ...(extra ? [extra.name] : [])], range: ['#4c78a8', '#f58518'] },
        },
      },
    },
  } as unknown as TopLevelSpec;
}
