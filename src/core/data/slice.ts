/** A contiguous range of a split's images, by reference (no copy). */
import type { Split } from './dataset.js';
import { dataMessages } from './messages.js';

export interface SplitSlice {
  split: Split;
  /** First image (inclusive). */
  start: number;
  /** Last image (exclusive). */
  end: number;
  /** end - start. */
  count: number;
}

/** Images [start, end) of `split`; RangeError unless 0 <= start <= end <= split.count. */
export function sliceOf(split: Split, start: number, end: number): SplitSlice {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > split.count) {
    throw new RangeError(dataMessages.badSlice(split.count, start, end));
  }
  return { split, start, end, count: end - start };
}
