/** Accuracy per epoch across the compared key: one column per evaluation slice, one line per value. */
import type { TopLevelSpec } from 'vega-lite';
import { reportMessages } from '../messages.js';
import { compareKey, hasRepeats, slicesOf, unique, type ReportInput } from '../report-input.js';
import { accuracyAxis, errorOf } from './accuracy-scale.js';
import { seriesColour } from './series-colour.js';
import { shownLines, type ShownLines } from './shown-lines.js';
import { config, lineMark, SCHEMA } from './theme.js';

type Row = Record<string, string | number>;

export function accuracyChart(input: ReportInput, shown: ShownLines = shownLines(input)): TopLevelSpec {
  const repeats = hasRepeats(input);
  const { lines } = shown;
  const slices = slicesOf(input);
  const rows: Row[] = [];
  for (const { group, series, value, results } of lines) {
    const length = Math.max(0, ...results.map((r) => r.evaluations.length));
    // a slice measured once (`every: end`) is a point, not a line
    const once = new Set(slices.filter((s) => results.every((r) => r.evaluations.filter((e) => Number.isFinite(e.accuracy[s])).length <= 1)));
    for (let j = 0; j < length; j++) {
      const evaluations = results.flatMap((r) => (r.evaluations[j] ? [r.evaluations[j]] : []));
      const epoch = evaluations[0].epoch;
      for (const slice of slices) {
        const values = evaluations.map((e) => e.accuracy[slice]).filter((a) => Number.isFinite(a));
        if (values.length === 0) continue;
        const accuracy = values.reduce((a, b) => a + b, 0) / values.length;
        // plotted as errors (see accuracy-scale.ts): the lowest accuracy is the highest error
        rows.push({ group, slice, series, ...(value === null ? {} : { value, tint: value }), epoch, accuracy, error: errorOf(accuracy), lo: errorOf(Math.max(...values)), hi: errorOf(Math.min(...values)), ...(once.has(slice) ? { once: 1 } : {}) });
      }
    }
  }
  const x = { field: 'epoch', type: 'quantitative', title: reportMessages.axisEpoch } as const;
  const colour = seriesColour(lines, compareKey(input));
  const { scale, axis } = accuracyAxis(rows.flatMap((r) => [r.error as number, r.hi as number]));
  const y = { field: 'error', type: 'quantitative', title: reportMessages.axisAccuracyZoomed, scale, axis } as const;
  const layer = [
    ...(repeats
      ? [{
          mark: { type: 'area', opacity: 0.2 },
          encoding: { x, y: { field: 'lo', type: 'quantitative', scale, axis }, y2: { field: 'hi' }, ...colour.fills },
        }]
      : []),
    { mark: lineMark(Math.max(0, ...input.results.map((r) => r.evaluations.length))), encoding: { x, y, ...colour.lines, detail: [{ field: 'group' }, { field: 'series' }] } },
    ...(rows.some((r) => r.once === 1)
      ? [{ transform: [{ filter: { field: 'once', equal: 1 } }], mark: { type: 'point', filled: true, size: 60, opacity: 1 }, encoding: { x, y, ...colour.fills } }]
      : []),
  ];
  const others = lines.some((l) => l.group !== '');
  return {
    $schema: SCHEMA,
    title: { text: reportMessages.accuracyTitle, subtitle: [reportMessages.accuracySubtitle(repeats), ...(shown.cut ? [reportMessages.bestOf(shown.lines.length, shown.all)] : [])] },
    config,
    data: { values: rows },
    facet: {
      column: { field: 'slice', type: 'nominal', title: reportMessages.sliceHeader, sort: slices },
      ...(others ? { row: { field: 'group', type: 'nominal', title: null, sort: unique(lines.map((l) => l.group)) } } : {}),
    },
    spec: { width: 300, height: 220, layer },
  } as unknown as TopLevelSpec;
}
