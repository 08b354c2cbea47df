/**
 * Past a dozen lines, the comparison as one picture: each run's final figure (its last
 * accuracy on the judged slice, or its final loss where nothing was evaluated) against the
 * compared key, one point per run; a numeric key on a log axis when it spans a factor of 10.
 */
import type { TopLevelSpec } from 'vega-lite';
import { finitePrefix } from '../downsample.js';
import { reportMessages } from '../messages.js';
import { judgedSlice, lastAccuracy } from '../outcome.js';
import { compareKey, groupOf, slicesOf, unique, type ReportInput } from '../report-input.js';
import { keyWords, valueText } from '../words.js';
import { config, PALETTE, SCHEMA } from './theme.js';

export function finalChart(input: ReportInput): { title: string; spec: TopLevelSpec } | null {
  const key = compareKey(input);
  if (key === null) return null;
  const slice = judgedSlice(slicesOf(input));
  const byAccuracy = input.results.some((r) => lastAccuracy(r, slice) !== null);
  const metric = byAccuracy ? reportMessages.sliceAccuracy(slice!) : reportMessages.finalLoss;
  const rows = input.results.flatMap((r) => {
    const figure = byAccuracy ? lastAccuracy(r, slice) : finitePrefix(r.losses).at(-1) ?? null;
    const raw = r.run.values[key];
    return figure === null ? [] : [{ run: r.run.id, key: typeof raw === 'number' ? raw : valueText(raw), group: groupOf(input, r), figure }];
  });
  const numbers = rows.map((r) => r.key).filter((k): k is number => typeof k === 'number');
  const numeric = numbers.length === rows.length && rows.length > 0;
  const log = numeric && Math.min(...numbers) > 0 && Math.max(...numbers) / Math.min(...numbers) >= 10;
  const groups = unique(rows.map((r) => r.group));
  const title = reportMessages.finalTitle(metric, keyWords(key));
  const spec = {
    $schema: SCHEMA,
    title: { text: title, subtitle: reportMessages.finalSubtitle(rows.length) },
    config,
    data: { values: rows },
    width: 560,
    height: 320,
    mark: { type: 'point', filled: true, size: 40, opacity: 0.8 },
    encoding: {
      x: numeric
        ? { field: 'key', type: 'quantitative', title: keyWords(key), scale: log ? { type: 'log' } : { zero: false } }
        : { field: 'key', type: 'nominal', title: keyWords(key), sort: unique(rows.map((r) => String(r.key))) },
      y: { field: 'figure', type: 'quantitative', title: metric, scale: byAccuracy ? { zero: false } : { type: 'log' } },
      ...(groups.length > 1 && groups.length <= PALETTE.length
        ? { color: { field: 'group', type: 'nominal', scale: { domain: groups, range: PALETTE }, legend: { title: null } } }
        : {}),
      tooltip: [{ field: 'run' }, { field: 'key', title: keyWords(key) }, { field: 'figure', title: metric }],
    },
  };
  return { title, spec: spec as unknown as TopLevelSpec };
}
