/**
 * The analysis data of a completed run: a confusion matrix of each evaluation slice and its
 * most confident mistakes, as CSV. Pictures of them are the report's to draw (report/run-pictures.ts).
 */
import { confusionCsv, confusionMatrix } from '../analysis/confusion.js';
import { mistakesCsv, mistakesFile } from '../analysis/mistakes-file.js';
import type { Mistake } from '../analysis/mistakes.js';
import type { Dataset } from '../core/data/index.js';
import { evaluationSlice, labelsOf } from '../spec/evaluation-slices.js';
import type { PlannedRun } from '../spec/types.js';

export function analysisFiles(
  run: PlannedRun,
  dataset: Dataset,
  predictions: Record<string, Uint8Array>,
  mistakes: { slice: string; list: Mistake[] } | null,
): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [slice, predicted] of Object.entries(predictions)) {
    const set = evaluationSlice(run.config.data, slice)!;
    files[`confusion-${slice}.csv`] = confusionCsv(confusionMatrix(predicted, labelsOf(set, dataset[set.split].labels), dataset.classes));
  }
  if (mistakes) files[mistakesFile(mistakes.slice)] = mistakesCsv(mistakes.list);
  return files;
}
