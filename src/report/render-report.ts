/**
 * Drawing a report into a results folder, from a ReportInput and the run folders' data:
 *   1. choose the runs drawn up close (drawn-runs.ts: the best few and those asked for);
 *   2. build every picture's Vega-Lite spec (pure): the comparisons in charts/, and each
 *      drawn run's chart, confusion matrices and mistakes in charts/runs/<run>/;
 *   3. write each picture whose spec changed or whose SVG is gone (chart-file.ts), and
 *      remove the report's own pictures it no longer draws;
 *   4. write runs.csv and README.md, when their text changed.
 * A rerun with nothing new renders nothing and writes nothing.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writing } from '../results/fs-errors.js';
import { readBestRunAnalysis } from './best-run.js';
import { SVG, VEGA_LITE, writeChart, type ChartFile, type ChartState } from './chart-file.js';
import { accuracyChart } from './charts/accuracy-chart.js';
import { finalChart } from './charts/final-chart.js';
import { lossChart } from './charts/loss-chart.js';
import { shownLines } from './charts/shown-lines.js';
import type { CloseUp } from './drawn-runs.js';
import { reportMessages } from './messages.js';
import { readme } from './readme.js';
import { REPORT_FILES } from './report-files.js';
import { writeResultsGitignore } from './results-gitignore.js';
import { type ReportInput } from './report-input.js';
import { RUN_CHARTS, runChartsFolder, runPictureNames, runPictures } from './run-pictures.js';
import { runsCsv } from './runs-table.js';
import { searchCharts } from './search-report.js';
import { SplitImages } from './split-images.js';
import { writeIfChanged } from './write-files.js';

/** The comparison charts, in charts/: loss and accuracy, past a dozen series the final metric against the key, and a search's pictures. */
export function comparisonCharts(input: ReportInput): ChartFile[] {
  const charts: ChartFile[] = [];
  const path = (name: string) => `${REPORT_FILES.charts}/${name}`;
  const shown = shownLines(input);
  if (input.results.length > 0) charts.push({ path: path('loss'), title: reportMessages.lossTitle, spec: lossChart(input, shown) });
  if (input.results.some((r) => r.evaluations.length > 0)) {
    charts.push({ path: path('accuracy'), title: reportMessages.accuracyTitle, spec: accuracyChart(input, shown) });
  }
  if (shown.cut) {
    const final = finalChart(input);
    if (final) charts.push({ path: path('final'), title: final.title, spec: final.spec });
  }
  charts.push(...searchCharts(input, path));
  return charts;
}

export interface DrawnReport {
  /** Pictures rendered now, and those already up to date. */
  drawn: number;
  kept: number;
}

/** Draws the report of `input` into `resultsDir` (whose lock the caller holds), `shown` up close (drawn-runs.ts). */
export async function drawReport(resultsDir: string, input: ReportInput, shown: CloseUp): Promise<DrawnReport> {
  const drawnIds = shown.runs;
  const images = new SplitImages(input.spec.data.source);
  const byId = new Map(input.results.map((r) => [r.run.id, r]));
  const charts = [
    ...comparisonCharts(input),
    ...drawnIds.flatMap((id) => runPictures(resultsDir, input, byId.get(id)!, images)),
  ];
  const states = new Map<string, ChartState>();
  for (const chart of charts) states.set(chart.path, await writeChart(resultsDir, chart));
  const present = (path: string): boolean => states.has(path) && states.get(path) !== 'missing';
  removeStalePictures(resultsDir, new Set(charts.map((c) => c.path).filter(present)), drawnIds);

  const analysis = readBestRunAnalysis(resultsDir, input);
  if (analysis) {
    const folder = runChartsFolder(analysis.run);
    const confusion = `${folder}/${runPictureNames.confusion(analysis.slice)}`;
    const mistakes = `${folder}/${runPictureNames.mistakes(analysis.slice)}`;
    analysis.confusionSvg = present(confusion) ? confusion + SVG : null;
    analysis.mistakesSvg = present(mistakes) ? mistakes + SVG : null;
  }
  const runChart = (id: string) => `${runChartsFolder(id)}/${runPictureNames.chart}`;
  const links = {
    comparisons: charts.filter((c) => c.path.startsWith(`${REPORT_FILES.charts}/`) && !c.path.startsWith(`${RUN_CHARTS}/`)).map((c) => ({ title: c.title, path: c.path + SVG })),
    runs: Object.fromEntries(drawnIds.filter((id) => present(runChart(id))).map((id) => [id, runChart(id) + SVG])),
  };
  writeIfChanged(join(resultsDir, REPORT_FILES.runs), runsCsv(input));
  writeIfChanged(join(resultsDir, REPORT_FILES.readme), readme({ ...input, analysis }, links, shown.models));
  writeResultsGitignore(resultsDir, shown.models);
  const drawn = [...states.values()].filter((s) => s === 'drawn').length;
  return { drawn, kept: [...states.values()].filter((s) => s === 'kept').length };
}

/** The report's own pictures it no longer draws: SVG and .vl.json files in charts/ and the folders of runs no longer drawn. */
function removeStalePictures(resultsDir: string, keep: Set<string>, drawnIds: string[]): void {
  const remove = (path: string, recursive = false) => writing(path, () => rmSync(path, { recursive, force: true }));
  const sweep = (folder: string): void => {
    for (const name of list(join(resultsDir, folder))) {
      const stem = name.endsWith(SVG) ? name.slice(0, -SVG.length) : name.endsWith(VEGA_LITE) ? name.slice(0, -VEGA_LITE.length) : null;
      if (stem !== null && !keep.has(`${folder}/${stem}`)) remove(join(resultsDir, folder, name));
    }
  };
  sweep(REPORT_FILES.charts);
  const drawn = new Set(drawnIds);
  for (const id of list(join(resultsDir, RUN_CHARTS))) {
    if (drawn.has(id)) sweep(runChartsFolder(id));
    else remove(join(resultsDir, RUN_CHARTS, id), true);
  }
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}
