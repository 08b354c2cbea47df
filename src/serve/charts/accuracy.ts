/** Each run's accuracy on every evaluation slice against iteration (dashes tell the slices apart), a tooltip per evaluation. */
import type { TopLevelSpec } from 'vega-lite';
import { legendSelection, lineMark, look, runColour, SCHEMA, settingsLookup, shownOpacity, type Series } from './series.js';

export function accuracyChart(series: Series[], slices: string[]): TopLevelSpec {
  const rows = series.flatMap((s) =>
    s.result.evaluations.flatMap((e) =>
      slices
        .filter((slice) => Number.isFinite(e.accuracy[slice]))
        .map((slice) => ({ run: s.label, slice, iteration: e.iteration, epoch: e.epoch, accuracy: e.accuracy[slice] })),
    ),
  );
  return {
    $schema: SCHEMA,
    config: look,
    title: { text: 'Accuracy', subtitle: 'hover a point for its value; wheel to zoom, drag to pan', anchor: 'start' },
    width: 640,
    height: 300,
    data: { values: rows },
    params: [legendSelection, { name: 'zoomAccuracy', select: 'interval', bind: 'scales', encodings: ['x'] }],
    transform: [settingsLookup(series)],
    mark: lineMark(rows.length),
    encoding: {
      x: { field: 'iteration', type: 'quantitative', title: 'iteration' },
      y: { field: 'accuracy', type: 'quantitative', title: 'accuracy', scale: { zero: false } },
      color: runColour(series),
      strokeDash: { field: 'slice', type: 'nominal', title: 'slice', scale: { domain: slices } },
      opacity: shownOpacity,
      tooltip: [
        { field: 'run', title: 'run' },
        { field: 'settings', title: 'settings' },
        { field: 'slice', title: 'slice' },
        { field: 'iteration', title: 'iteration' },
        { field: 'epoch', title: 'epoch', format: '.4~g' },
        { field: 'accuracy', title: 'accuracy', format: '.6~g' },
      ],
    },
  } as unknown as TopLevelSpec;
}
