/** The analysis files of a completed run: confusion matrices and its most confident mistakes. */
import { confusionCsv, confusionMatrix } from '../analysis/confusion.js';
import { renderConfusionSvg } from '../analysis/confusion-chart.js';
import { renderMistakesSvg, type Mistake } from '../analysis/mistakes.js';
import type { Dataset } from '../core/data/index.js';
import type { PlannedRun } from '../spec/types.js';

export async function analysisFiles(
  run: PlannedRun,
  dataset: Dataset,
  predictions: Record<string, Uint8Array>,
  mistakes: { slice: string; list: Mistake[] } | null,
): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const [slice, predicted] of Object.entries(predictions)) {
    const { split, start, end } = run.config.data.evaluate[slice];
    const matrix = confusionMatrix(predicted, dataset[split].labels.subarray(start, end), dataset.classes);
    files[`confusion-${slice}.csv`] = confusionCsv(matrix);
    files[`confusion-${slice}.svg`] = await renderConfusionSvg(matrix, { run: run.id, slice });
  }
  if (mistakes) {
    const split = run.config.data.evaluate[mistakes.slice].split;
    files[`mistakes-${mistakes.slice}.svg`] = renderMistakesSvg(dataset[split].pixels, mistakes.list, { run: run.id, slice: mistakes.slice, classes: dataset.classes });
  }
  return files;
}
