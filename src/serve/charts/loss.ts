/** The loss of each run against iteration (window means, log scale): zoom and pan with the wheel and a drag, a tooltip per point. */
import type { TopLevelSpec } from 'vega-lite';
import { lossWindows, windowSize } from '../../report/downsample.js';
import { legendSelection, lineMark, look, runColour, SCHEMA, settingsLookup, shownOpacity, type Series } from './series.js';

export const ZOOM = 'zoom';

export function lossChart(series: Series[]): TopLevelSpec {
  const size = windowSize(Math.max(1, ...series.map((s) => s.result.losses.length)));
  const rows = series.flatMap((s) =>
    lossWindows(s.result.losses, size)
      .filter((w) => w.mean > 0)
      .map((w) => ({ run: s.label, iteration: w.iteration, loss: w.mean })),
  );
  return {
    $schema: SCHEMA,
    config: look,
    title: { text: 'Loss', subtitle: size > 1 ? `mean of each ${size} iterations; wheel to zoom, drag to pan, double-click to reset` : 'wheel to zoom, drag to pan', anchor: 'start' },
    width: 640,
    height: 300,
    data: { values: rows },
    params: [legendSelection, { name: ZOOM, select: 'interval', bind: 'scales' }],
    transform: [settingsLookup(series)],
    mark: lineMark(rows.length),
    encoding: {
      x: { field: 'iteration', type: 'quantitative', title: 'iteration' },
      y: { field: 'loss', type: 'quantitative', title: 'loss', scale: { type: 'log' } },
      color: runColour(series),
      opacity: shownOpacity,
      tooltip: [
        { field: 'run', title: 'run' },
        { field: 'settings', title: 'settings' },
        { field: 'iteration', title: 'iteration', format: '.1f' },
        { field: 'loss', title: 'loss', format: '.6~g' },
      ],
    },
  } as unknown as TopLevelSpec;
}
