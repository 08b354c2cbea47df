/**
 * The ranked table of a search's README, and of a grid repeated over seeds: its settings from
 * best to worst by the select metric (ranking.ts), the best RANKED_ROWS of them, the rest left
 * to runs.csv. Without repeats, a trial's select metric with its test accuracy beside it (the
 * metric is usually a validation slice's); with repeats, every loss and accuracy column as the
 * mean ± the sample standard deviation (n - 1) over the setting's seeds.
 */
import type { RunResult } from '../results/types.js';
import { lossText } from './messages.js';
import { accuracyText, markdownTable } from './markdown-table.js';
import { mean, rankSettings, sampleStd, STATUS_RANK, type Setting } from './ranking.js';
import { readmeText } from './readme-text.js';
import { hasRepeats, slicesOf, type ReportInput } from './report-input.js';
import { selectMetric } from './select.js';
import { keyWords, valueText } from './words.js';

/** Settings the README ranks; the others are in runs.csv. */
export const RANKED_ROWS = 20;

interface Column {
  title: string;
  /** The run's figure (NaN and infinities as they are), or null when it has none. */
  value(result: RunResult): number | null;
  text(x: number): string;
}

const lossColumn: Column = { title: 'final loss', value: (r) => r.losses.at(-1) ?? null, text: lossText };
const accuracyColumn = (slice: string): Column => ({ title: `${slice} accuracy`, value: (r) => r.evaluations.at(-1)?.accuracy[slice] ?? null, text: accuracyText });

/** The README's lines for the ranked table (with its heading and notes), or none for a grid without repeats. */
export function rankedTable(input: ReportInput): string[] {
  const repeats = hasRepeats(input);
  if (!input.spec.search && !repeats) return [];
  const metric = selectMetric(input);
  const slices = slicesOf(input);
  const columns = repeats
    ? [lossColumn, ...slices.map(accuracyColumn)]
    : [metric.slice === null ? lossColumn : accuracyColumn(metric.slice), ...(slices.includes('test') && metric.slice !== 'test' ? [accuracyColumn('test')] : [])];
  const keys = input.varying.filter((k) => k !== 'repeat');
  const noun = input.spec.search ? 'trials' : 'settings';
  const settings = rankSettings(input.results, metric);
  const header = [
    'rank', ...(input.spec.search ? ['trial'] : []), ...keys.map(keyWords), ...(repeats ? ['seeds'] : []), 'status', ...columns.map((c) => c.title),
  ];
  const rows = settings.slice(0, RANKED_ROWS).map((s, i) => [
    String(i + 1),
    ...(input.spec.search ? [`\`${trialLabel(s, repeats)}\``] : []),
    ...keys.map((k) => valueText(s.runs[0].run.values[k])),
    ...(repeats ? [String(s.runs.length)] : []),
    statusText(s.runs),
    ...columns.map((c) => (repeats ? meanText(c, s.runs) : singleText(c, s.runs[0]))),
  ]);
  const rest = settings.length - rows.length;
  return [
    readmeText.rankedHeading(noun, metric.name, repeats ? input.spec.repeat : null),
    '',
    ...markdownTable(header, rows),
    '',
    ...(rest > 0 ? [readmeText.rankedRest(rest, noun), ''] : []),
    readmeText.rankedNote(metric.name, metric.mode, repeats),
    '',
  ];
}

function singleText(column: Column, result: RunResult): string {
  const x = column.value(result);
  return x === null ? '' : column.text(x);
}

/** `mean ± std` over the seeds, or empty when a seed has no finite figure. */
function meanText(column: Column, runs: RunResult[]): string {
  const values = runs.map((r) => column.value(r));
  if (!values.every((x): x is number => x !== null && Number.isFinite(x))) return '';
  return readmeText.meanStd(column.text(mean(values)), column.text(sampleStd(values)));
}

/** How the setting's runs ended: one status, or each with its count (`2 completed, 1 diverged`). */
function statusText(runs: RunResult[]): string {
  const counts = new Map<string, number>();
  for (const r of [...runs].sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status])) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return counts.size === 1 ? runs[0].status : [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
}

/** A trial's id: its run's, without the `_r-K` of its seed when repeated. */
function trialLabel(setting: Setting, repeats: boolean): string {
  const id = setting.runs[0].run.id;
  return repeats ? id.replace(/_r-\d+(-[0-9a-f]{8})?$/, '') : id;
}
