/**
 * Evaluation slices that share images with the training slice: their accuracy is partly
 * measured on images the network was trained on. The seed's `train` slice does so on
 * purpose (it measures training accuracy), so only other names are warned about; the
 * results README notes every overlap.
 */
import type { DataSpec, SplitName } from './types.js';

export interface Overlap {
  /** The evaluation slice's name. */
  slice: string;
  split: SplitName;
  /** The images both slices hold: [start, end). */
  start: number;
  end: number;
  /** How many images the evaluation slice has. */
  size: number;
}

/** The slice name meant to measure accuracy on the training data, which is not warned about. */
export const TRAINING_ACCURACY_SLICE = 'train';

export function overlaps(data: DataSpec): Overlap[] {
  const { train } = data;
  return Object.entries(data.evaluate).flatMap(([name, slice]) => {
    const start = Math.max(train.start, slice.start);
    const end = Math.min(train.end, slice.end);
    return slice.split === train.split && start < end ? [{ slice: name, split: slice.split, start, end, size: slice.end - slice.start }] : [];
  });
}

/** Overlaps worth a warning from `validate` and `run`: all but the `train` slice's. */
export function overlapWarnings(data: DataSpec): Overlap[] {
  return overlaps(data).filter((o) => o.slice !== TRAINING_ACCURACY_SLICE);
}
