/**
 * The pictures of one run, drawn from its folder's data into charts/runs/<run>/: its chart
 * (loss and accuracies), a confusion matrix of each slice that has confusion-<slice>.csv,
 * and the images of mistakes-<slice>.csv, read from the dataset.
 */
import { join, resolve } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { confusionChartSpec } from '../analysis/confusion-chart.js';
import { mistakesChartSpec } from '../analysis/mistakes-chart.js';
import { mistakesFile, parseMistakesCsv } from '../analysis/mistakes-file.js';
import type { Mistake } from '../analysis/mistakes.js';
import type { SplitName } from '../core/data/index.js';
import { runFolderPath } from '../results/run-folder.js';
import { evaluationSlice } from '../spec/evaluation-slices.js';
import type { RunResult } from '../results/types.js';
import type { Plan } from '../spec/types.js';
import { readConfusionCsv } from './best-run.js';
import { isDrawn, specText, type ChartFile } from './chart-file.js';
import { BEST_FEW } from './drawn-runs.js';
import { renderEarly } from './render-svg.js';
import { runChart } from './charts/run-chart.js';
import { readmeText } from './readme-text.js';
import { slicesOf, type ReportInput } from './report-input.js';
import { SplitImages } from './split-images.js';
import { keyValueText } from './words.js';
import { readTextIfThere } from './write-files.js';

export const RUN_CHARTS = 'charts/runs';

/** Where a run's pictures go, inside the results folder. */
export function runChartsFolder(runId: string): string {
  return `${RUN_CHARTS}/${runId}`;
}

export const runPictureNames = {
  chart: 'chart',
  confusion: (slice: string) => `confusion-${slice}`,
  mistakes: (slice: string) => `mistakes-${slice}`,
};

export function runPictures(resultsDir: string, input: ReportInput, result: RunResult, images: SplitImages): ChartFile[] {
  const id = result.run.id;
  const into = runChartsFolder(id);
  const folder = runFolderPath(resultsDir, id);
  const slices = slicesOf(input);
  const charts: ChartFile[] = [{
    path: `${into}/${runPictureNames.chart}`,
    title: id,
    spec: runChart(result, slices, runHeading(input, result)),
  }];
  let classes = 0;
  for (const slice of slices) {
    const matrix = readConfusionCsv(join(folder, `confusion-${slice}.csv`));
    if (!matrix) continue;
    classes = matrix.length;
    charts.push({ path: `${into}/${runPictureNames.confusion(slice)}`, title: readmeText.confusionAlt(id, slice), spec: confusionChartSpec(matrix, { run: id, slice }) });
  }
  for (const slice of slices) {
    const text = readTextIfThere(join(folder, mistakesFile(slice)));
    if (text === null) continue;
    const set = evaluationSlice(result.run.config.data, slice);
    if (!set) continue;
    const { split, end } = set;
    const list = parseMistakesCsv(text, { images: end, classes: classes || 256 });
    if (typeof list === 'string') continue;
    const title = { run: id, slice, classes: classes || 10 };
    const path = `${into}/${runPictureNames.mistakes(slice)}`;
    const spec = mistakesChartSpec(list, title);
    charts.push({
      path,
      title: readmeText.mistakesAlt(id, slice),
      spec,
      withImages: () => takeCompletedEarly(earlyKey(resultsDir, images, path, spec)) ?? completeWithImages(images, split, list, title),
    });
  }
  return charts;
}

/**
 * Starts rendering a completed run's pictures while other runs train, where the report is
 * sure to draw them (a plan of at most BEST_FEW runs draws every completed run up close)
 * and they are not drawn already: the report then finds them rendered (render-svg.ts), and
 * draws less after the last run. A picture's spec does not depend on the other runs.
 */
export function renderRunEarly(resultsDir: string, plan: Plan, result: RunResult): void {
  if (plan.runs.length > BEST_FEW || result.status !== 'completed') return;
  const input: ReportInput = { spec: plan.spec, varying: plan.varying, results: [result] };
  const images = new SplitImages(plan.spec.data.source);
  for (const chart of runPictures(resultsDir, input, result, images)) {
    if (isDrawn(resultsDir, chart)) continue;
    const spec = chart.withImages ? chart.withImages() : chart.spec;
    if (!spec) continue;
    if (chart.withImages) completedEarly.set(earlyKey(resultsDir, images, chart.path, chart.spec), spec);
    renderEarly(spec);
  }
}

/**
 * Mistakes pictures renderRunEarly completed with their images (PNG-encoding them is most of
 * a run's pictures' cost), by where they go, the dataset their images come from, and their
 * spec: the report takes each once instead of encoding the images again.
 */
const completedEarly = new Map<string, TopLevelSpec>();

function earlyKey(resultsDir: string, images: SplitImages, path: string, spec: TopLevelSpec): string {
  return `${resolve(resultsDir, path)}\n${JSON.stringify(images.source)}\n${specText(spec)}`;
}

function takeCompletedEarly(key: string): TopLevelSpec | undefined {
  const completed = completedEarly.get(key);
  completedEarly.delete(key);
  return completed;
}

function completeWithImages(images: SplitImages, split: SplitName, list: Mistake[], title: Parameters<typeof mistakesChartSpec>[1]): TopLevelSpec | null {
  const urls = images.urls(split);
  return urls && mistakesChartSpec(list, title, urls);
}

/** "lr-comparison / lr-0.5: learning rate 0.5". */
export function runHeading(input: ReportInput, result: RunResult): string {
  const described = input.varying.map((k) => keyValueText(k, result.run.values[k])).join(', ');
  return described ? `${input.spec.name} / ${result.run.id}: ${described}` : `${input.spec.name} / ${result.run.id}`;
}
