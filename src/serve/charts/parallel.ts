/**
 * Parallel coordinates of a grid with more than two varying keys: one vertical axis per key
 * and one for the judged accuracy, one line per run. Drag a rectangle over one or more axes
 * (the brush) to pick the runs that pass through it; the rest fade. Numeric keys are spaced
 * by value, others by their order in the plan.
 */
import type { TopLevelSpec } from 'vega-lite';
import { lastAccuracy } from '../../report/outcome.js';
import { keyWords, valueText } from '../../report/words.js';
import { look, SCHEMA, type Series } from './series.js';

export const BRUSH = 'brush';

/** Grids with more keys than this varying get the chart. */
export const PARALLEL_FROM_KEYS = 2;

interface Axis {
  title: string;
  valueOf: (s: Series) => unknown;
}

interface Placed {
  norm: number | null;
  text: string;
}

export function parallelChart(series: Series[], keys: string[], slice: string | null): TopLevelSpec | null {
  const grid = keys.filter((k) => k !== 'repeat');
  if (grid.length <= PARALLEL_FROM_KEYS) return null;
  const axes: Axis[] = [
    ...grid.map((k) => ({ title: keyWords(k), valueOf: (s: Series) => s.result.run.values[k] })),
    ...(slice === null ? [] : [{ title: `${slice} accuracy`, valueOf: (s: Series) => lastAccuracy(s.result, slice) }]),
  ];
  const placed = axes.map((axis) => place(series.map(axis.valueOf)));
  const rows = series.flatMap((s, r) => {
    const all = Object.fromEntries(placed.map((p, i) => [`v${i}`, p[r].norm]));
    return axes.map((axis, i) => ({ run: s.label, settings: s.settings, axis: i, key: axis.title, value: placed[i][r].text, norm: placed[i][r].norm, metric: placed.at(-1)![r].norm, ...all }));
  });
  const labels = placed.flatMap((p, i) => unique(p.filter((v) => v.norm !== null).map((v) => JSON.stringify([v.norm, v.text]))).map((pair) => {
    const [norm, text] = JSON.parse(pair) as [number, string];
    return { axis: i, norm, text };
  }));
  // a run is picked when, on some axis inside the brush's width, its value is inside the brush's height
  const inBrush = axes.map((_, i) => `(inrange(${i}, ${BRUSH}.axis) && inrange(datum.v${i}, ${BRUSH}.norm))`).join(' || ');
  const x = {
    field: 'axis', type: 'quantitative', title: null, scale: { domain: [0, axes.length - 1], nice: false },
    axis: { values: axes.map((_, i) => i), labelExpr: `${JSON.stringify(axes.map((a) => a.title))}[datum.value]`, grid: false, orient: 'top', labelAngle: 0, labelFontWeight: 'bold' },
  } as const;
  const y = { field: 'norm', type: 'quantitative', axis: null, scale: { domain: [0, 1] } } as const;
  return {
    $schema: SCHEMA,
    config: look,
    title: { text: 'Settings and accuracy', subtitle: 'drag a rectangle over an axis to pick the runs that pass through it; click outside it to clear', anchor: 'start' },
    width: Math.max(480, 150 * axes.length),
    height: 300,
    data: { values: rows },
    layer: [
      { data: { values: axes.map((_, i) => ({ axis: i })) }, mark: { type: 'rule', color: '#999' }, encoding: { x } },
      {
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x, y, detail: { field: 'run', type: 'nominal' },
          color: { field: 'metric', type: 'quantitative', title: axes.at(-1)!.title, scale: { scheme: 'viridis' }, legend: null },
          opacity: { condition: { test: `!isValid(${BRUSH}.axis) || ${inBrush}`, value: 0.9 }, value: 0.07 },
        },
      },
      {
        params: [{ name: BRUSH, select: { type: 'interval', encodings: ['x', 'y'] } }],
        mark: { type: 'point', filled: true, size: 30, color: '#333' },
        encoding: {
          x, y,
          tooltip: [{ field: 'run', title: 'run' }, { field: 'settings', title: 'settings' }, { field: 'key', title: 'axis' }, { field: 'value', title: 'value' }],
        },
      },
      { data: { values: labels }, mark: { type: 'text', align: 'left', dx: 5, fontSize: 10, color: '#444' }, encoding: { x, y, text: { field: 'text' } } },
    ],
  } as unknown as TopLevelSpec;
}

/** An axis's values placed in 0..1: numbers by value, anything else by first appearance. */
function place(values: unknown[]): Placed[] {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.every((v) => typeof v === 'number')) {
    const numbers = present as number[];
    const lo = Math.min(...numbers);
    const hi = Math.max(...numbers);
    return values.map((v) => (typeof v === 'number' ? { norm: hi > lo ? (v - lo) / (hi - lo) : 0.5, text: valueText(v) } : { norm: null, text: '' }));
  }
  const texts = unique(present.map(valueText));
  return values.map((v) => {
    if (v === null || v === undefined) return { norm: null, text: '' };
    const at = texts.indexOf(valueText(v));
    return { norm: texts.length > 1 ? at / (texts.length - 1) : 0.5, text: valueText(v) };
  });
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
