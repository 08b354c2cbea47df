/** Checks the schema cannot express: slices inside the dataset, batches that fit the train slice. */
import type { SplitSizes } from './dataset-sizes.js';
import type { Path, Target } from './locate.js';
import { specMessages } from './messages.js';
import type { Problem } from './problem.js';
import type { ExperimentSpec, SliceSpec } from './types.js';

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
  const trainSize = spec.data.train.end - spec.data.train.start;
  if (problems.length === 0 && spec.training.batch_size > trainSize) {
    problems.push(at(['training', 'batch_size'], 'value', specMessages.batchTooLarge(spec.training.batch_size, trainSize)));
  }
  for (const [name, slice] of Object.entries(spec.data.evaluate)) {
    problems.push(...checkSlice(slice, ['data', 'evaluate', name], sizes, at));
  }
  return problems;
}
