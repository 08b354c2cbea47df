/**
 * The report's files, drawn from a ReportInput (pure but for vega's async render):
 * runs.csv, README.md, the comparison charts in charts/ and one chart per run.
 */
import type { TopLevelSpec } from 'vega-lite';
import { accuracyChart } from './charts/accuracy-chart.js';
import { lossChart } from './charts/loss-chart.js';
import { runChart } from './charts/run-chart.js';
import { reportMessages } from './messages.js';
import { readme } from './readme.js';
import { renderSvg } from './render-svg.js';
import { slicesOf, type ReportInput } from './report-input.js';
import { runsCsv } from './runs-table.js';
import { keyValueText } from './words.js';

export const REPORT_FILES = { runs: 'runs.csv', readme: 'README.md', charts: 'charts' } as const;
/** A run's chart, inside its run folder. */
export const RUN_CHART = 'chart.svg';

export interface RenderedReport {
  /** runs.csv and README.md. */
  files: Record<string, string>;
  /** File name in charts/ -> SVG. */
  charts: Record<string, string>;
  /** Run id -> SVG of its chart. */
  runCharts: Record<string, string>;
}

export async function renderReport(input: ReportInput): Promise<RenderedReport> {
  const comparisons: { title: string; name: string; spec: TopLevelSpec }[] = [];
  if (input.results.length > 0) {
    comparisons.push({ title: reportMessages.lossTitle, name: 'loss.svg', spec: lossChart(input) });
  }
  if (input.results.some((r) => r.evaluations.length > 0)) {
    comparisons.push({ title: reportMessages.accuracyTitle, name: 'accuracy.svg', spec: accuracyChart(input) });
  }
  const charts: Record<string, string> = {};
  for (const c of comparisons) charts[c.name] = await renderSvg(c.spec);
  const slices = slicesOf(input);
  const runCharts: Record<string, string> = {};
  for (const result of input.results) {
    runCharts[result.run.id] = await renderSvg(runChart(result, slices, runHeading(input, result.run.id, result.run.values)));
  }
  const links = {
    comparisons: comparisons.map((c) => ({ title: c.title, path: `${REPORT_FILES.charts}/${c.name}` })),
    runs: Object.fromEntries(input.results.map((r) => [r.run.id, `runs/${r.run.id}/${RUN_CHART}`])),
  };
  return {
    files: { [REPORT_FILES.runs]: runsCsv(input), [REPORT_FILES.readme]: readme(input, links) },
    charts,
    runCharts,
  };
}

function runHeading(input: ReportInput, id: string, values: Record<string, unknown>): string {
  const described = input.varying.map((k) => keyValueText(k, values[k])).join(', ');
  return described ? `${input.spec.name} / ${id}: ${described}` : `${input.spec.name} / ${id}`;
}
