/**
 * One run, as the seed drew it: loss against iteration on the left axis, accuracy on
 * every evaluation slice on the right axis, diverged runs marked where they stopped.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { RunResult } from '../../results/types.js';
import { lossWindows, windowSize } from '../downsample.js';
import { reportMessages } from '../messages.js';
import { outcome } from '../outcome.js';
import { config, lineMark, PALETTE, SCHEMA } from './theme.js';

type Row = Record<string, string | number>;

export function runChart(result: RunResult, slices: string[], heading: string): TopLevelSpec {
  const size = windowSize(Math.max(1, result.losses.length));
  const rows: Row[] = [];
  for (const w of lossWindows(result.losses, size)) {
    if (w.mean > 0) rows.push({ kind: 'loss', series: reportMessages.lossSeries, iteration: w.iteration, loss: w.mean, lo: w.min > 0 ? w.min : w.mean, hi: w.max });
  }
  for (const e of result.evaluations) {
    for (const slice of slices) {
      const accuracy = e.accuracy[slice];
      if (Number.isFinite(accuracy)) rows.push({ kind: 'accuracy', series: reportMessages.sliceAccuracy(slice), iteration: e.iteration, accuracy });
    }
  }
  if (result.status === 'diverged' && result.divergedAt !== null) {
    rows.push({ kind: 'diverged', iteration: result.divergedAt, label: reportMessages.divergedLabel(result.divergedAt) });
  }
  const only = (kind: string) => [{ filter: { field: 'kind', equal: kind } }];
  // a slice measured once (`every: end`) is a point, not a line
  const onePoint = slices.filter((s) => result.evaluations.filter((e) => Number.isFinite(e.accuracy[s])).length === 1).map(reportMessages.sliceAccuracy);
  const x = {
    field: 'iteration', type: 'quantitative', title: reportMessages.axisIteration,
    scale: { domain: [0, Math.max(1, result.run.config.training.iterations)] },
  } as const;
  const series = [reportMessages.lossSeries, ...slices.map(reportMessages.sliceAccuracy)];
  const color = { field: 'series', type: 'nominal', scale: { domain: series, range: PALETTE }, legend: { title: null, orient: 'top' } } as const;
  const lossY = { field: 'loss', type: 'quantitative', title: reportMessages.axisLoss, scale: { type: 'log' }, axis: { orient: 'left' } } as const;
  return {
    $schema: SCHEMA,
    title: { text: heading, subtitle: [outcome(result), reportMessages.runSubtitle(size)] },
    config,
    data: { values: rows },
    width: 560,
    height: 300,
    layer: [
      {
        layer: [
          {
            transform: only('loss'), mark: { type: 'area', opacity: 0.2 },
            encoding: { x, y: { field: 'lo', type: 'quantitative', scale: { type: 'log' }, axis: { orient: 'left' } }, y2: { field: 'hi' }, color },
          },
          { transform: only('loss'), mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y: lossY, color } },
        ],
      },
      {
        transform: only('accuracy'), mark: lineMark(result.evaluations.length),
        encoding: {
          x,
          y: { field: 'accuracy', type: 'quantitative', title: reportMessages.axisAccuracy, scale: { domain: [0, 1] }, axis: { orient: 'right', grid: false } },
          color,
        },
      },
      ...(onePoint.length > 0
        ? [{
            transform: [{ filter: { field: 'series', oneOf: onePoint } }], mark: { type: 'point', filled: true, size: 60, opacity: 1 },
            encoding: { x, y: { field: 'accuracy', type: 'quantitative', scale: { domain: [0, 1] }, axis: null }, color },
          }]
        : []),
      {
        layer: [
          { transform: only('diverged'), mark: { type: 'rule', color: '#d62728', strokeDash: [4, 3] }, encoding: { x } },
          {
            transform: only('diverged'), mark: { type: 'text', color: '#d62728', align: 'left', dx: 4, y: 8, fontSize: 11 },
            encoding: { x, text: { field: 'label' } },
          },
        ],
      },
    ],
    resolve: { scale: { y: 'independent' } },
  } as unknown as TopLevelSpec;
}
