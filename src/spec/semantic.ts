/** Checks the schema cannot express: slices inside the dataset, batches that fit the train slice. */
import type { SplitSizes } from './dataset-sizes.js';
import type { Path, Target } from './locate.js';
import { specMessages } from './messages.js';
import type { Problem } from './problem.js';
import type { ExperimentSpec, SliceSpec } from './types.js';
import { evaluationNames, splitOf } from './evaluation-slices.js';
import { heldOut, heldOutSize, trainingSize } from './train-slice.js';

/** Makes a problem at a path of the spec (the caller knows whether a grid value put it there). */
export type ProblemAt = (path: Path, target: Target, message: string) => Problem;

function checkSlice(slice: SliceSpec, path: Path, sizes: SplitSizes, at: ProblemAt): Problem[] {
  const key = path.join('.');
  const size = sizes[slice.split];
  if (slice.end > size) return [at([...path, 'end'], 'value', specMessages.sliceOutOfBounds(`${key}.end`, slice.split, size, slice.end))];
  if (slice.start >= slice.end) {
    const where = slice.start >= size ? 'start' : 'end';
    return [at([...path, where], 'value', specMessages.sliceEmpty(key, slice.start, slice.end))];
  }
  return [];
}

/** Problems with one run's resolved spec. */
export function checkRun(spec: ExperimentSpec, sizes: SplitSizes, at: ProblemAt): Problem[] {
  const problems = checkSlice(spec.data.train, ['data', 'train'], sizes, at);
  if (problems.length === 0) problems.push(...checkHoldOut(spec, at));
  const trainSize = trainingSize(spec.data.train);
  if (problems.length === 0 && spec.training.batch_size > trainSize) {
    problems.push(at(['training', 'batch_size'], 'value', specMessages.batchTooLarge(spec.training.batch_size, trainSize)));
  }
  for (const [name, slice] of Object.entries(spec.data.evaluate)) {
    problems.push(...checkSlice(slice, ['data', 'evaluate', name], sizes, at));
  }
  problems.push(...checkSliceNameCases(spec, at));
  const select = spec.report.select;
  if (select) {
    const names = evaluationNames(spec.data);
    const slice = select.metric.endsWith(ACCURACY) ? select.metric.slice(0, -ACCURACY.length) : null;
    if (slice !== null && !names.includes(slice)) {
      const metrics = [...new Set(names)].map((n) => `${n}${ACCURACY}`).concat('final_loss');
      problems.push(at(['report', 'select', 'metric'], 'value', specMessages.selectUnknownMetric(select.metric, metrics)));
    }
  }
  return problems;
}

const ACCURACY = '_accuracy';

/** A held-out part must have a name of its own, at least one image, and leave images to train on. */
function checkHoldOut(spec: ExperimentSpec, at: ProblemAt): Problem[] {
  const part = heldOut(spec.data.train);
  if (!part) return [];
  const path = ['data', 'train', 'hold_out', part.name];
  if (Object.keys(spec.data.evaluate).some((name) => name.toLowerCase() === part.name.toLowerCase())) return [at(path, 'key', specMessages.holdOutNameTaken(part.name))];
  const size = spec.data.train.end - spec.data.train.start;
  const held = heldOutSize(spec.data.train);
  if (held < 1 || held >= size) return [at(path, 'value', specMessages.holdOutEmpty(part.name, part.fraction, size, held))];
  return [];
}

/**
 * Evaluation slices' names must differ in more than letter case: each slice has files named
 * after it (confusion-<name>.csv), and on a file system that ignores case (macOS's, Windows',
 * where a committed results folder may be cloned) `Test` and `test` would be one file.
 * (A held-out part's name is checked against them in checkHoldOut.)
 */
function checkSliceNameCases(spec: ExperimentSpec, at: ProblemAt): Problem[] {
  const seen = new Map<string, string>();
  for (const name of Object.keys(spec.data.evaluate)) {
    const first = seen.get(name.toLowerCase());
    if (first !== undefined) return [at(['data', 'evaluate', name], 'key', specMessages.sliceNamesDifferInCase(first, name))];
    seen.set(name.toLowerCase(), name);
  }
  return [];
}

/** A warning, not a problem: choosing on test data makes its accuracy an optimistic estimate. */
export function selectWarnings(spec: ExperimentSpec, at: ProblemAt): Problem[] {
  const metric = spec.report.select?.metric;
  if (!metric?.endsWith(ACCURACY)) return [];
  const slice = metric.slice(0, -ACCURACY.length);
  return splitOf(spec.data, slice) === 'test' ? [at(['report', 'select', 'metric'], 'value', specMessages.selectOnTest(metric, slice))] : [];
}
