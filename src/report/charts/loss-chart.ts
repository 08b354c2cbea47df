/** Loss curves across the compared key: log-scale, one line per value, diverged runs cut off and marked. */
import type { TopLevelSpec } from 'vega-lite';
import { lossWindows, windowSize } from '../downsample.js';
import { reportMessages } from '../messages.js';
import { compareKey, hasRepeats, unique, type ReportInput } from '../report-input.js';
import { seriesColour } from './series-colour.js';
import { shownLines, type ShownLines } from './shown-lines.js';
import { config, SCHEMA } from './theme.js';

type Row = Record<string, string | number>;

export function lossChart(input: ReportInput, shown: ShownLines = shownLines(input)): TopLevelSpec {
  const size = windowSize(Math.max(1, ...input.results.map((r) => r.losses.length)));
  const repeats = hasRepeats(input);
  const { lines } = shown;
  const rows: Row[] = [];
  for (const { group, series, value, results } of lines) {
    const valued: Row = value === null ? {} : { value, tint: value };
    const perRun = results.map((r) => lossWindows(r.losses, size));
    const length = Math.max(0, ...perRun.map((w) => w.length));
    for (let j = 0; j < length; j++) {
      const means = perRun.flatMap((w) => (w[j] ? [w[j].mean] : []));
      const iteration = perRun.find((w) => w[j])!.at(j)!.iteration;
      const loss = means.reduce((a, b) => a + b, 0) / means.length;
      if (!(loss > 0)) continue;
      rows.push({ kind: 'line', group, series, ...valued, iteration, loss });
      if (repeats) {
        const lo = Math.min(...means);
        rows.push({ kind: 'band', group, series, ...valued, iteration, lo: lo > 0 ? lo : loss, hi: Math.max(...means) });
      }
    }
    results.forEach((result, k) => {
      const last = perRun[k].at(-1);
      if (result.status !== 'diverged' || result.divergedAt === null || !last || !(last.mean > 0)) return;
      rows.push({
        kind: 'diverged', group, series, ...valued, iteration: last.iteration, loss: last.mean,
        label: reportMessages.divergedLabel(result.divergedAt),
      });
    });
  }
  const x = { field: 'iteration', type: 'quantitative', title: reportMessages.axisIteration } as const;
  const colour = seriesColour(lines, compareKey(input));
  const only = (kind: string) => [{ filter: { field: 'kind', equal: kind } }];
  const y = {
    field: 'loss', type: 'quantitative', title: reportMessages.axisLoss, scale: { type: 'log' },
  } as const;
  const layer = [
    ...(repeats
      ? [{
          transform: only('band'), mark: { type: 'area', opacity: 0.2 },
          encoding: { x, y: { field: 'lo', type: 'quantitative', scale: { type: 'log' } }, y2: { field: 'hi' }, ...colour.fills },
        }]
      : []),
    { transform: only('line'), mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y, ...colour.lines, detail: [{ field: 'group' }, { field: 'series' }] } },
    {
      transform: only('diverged'), mark: { type: 'point', shape: 'cross', size: 110, filled: true, opacity: 1 },
      encoding: { x, y, ...colour.fills },
    },
    {
      transform: only('diverged'), mark: { type: 'text', align: 'left', dx: 7, dy: -7, fontSize: 11 },
      encoding: { x, y, text: { field: 'label' }, ...colour.fills },
    },
  ];
  const title = { text: reportMessages.lossTitle, subtitle: [reportMessages.lossSubtitle(size, repeats, rows.some((r) => r.kind === 'diverged')), ...(shown.cut ? [reportMessages.bestOf(shown.lines.length, shown.all)] : [])] };
  const others = lines.some((l) => l.group !== '');
  const view = { width: 560, height: others ? 220 : 320, layer };
  return (others
    ? {
        $schema: SCHEMA, title, config, data: { values: rows },
        facet: { row: { field: 'group', type: 'nominal', title: null, sort: unique(lines.map((l) => l.group)) } },
        resolve: { scale: { y: 'shared' } },
        spec: view,
      }
    : { $schema: SCHEMA, title, config, data: { values: rows }, ...view }) as unknown as TopLevelSpec;
}
