/** What a training slice's `hold_out` means for the rest of the spec: sizes and slice names. */
import { heldOutCount } from '../core/data/hold-out.js';
import type { DataSpec, TrainSliceSpec } from './types.js';

/** The held-out slice's name and fraction, or null. */
export function heldOut(train: TrainSliceSpec): { name: string; fraction: number } | null {
  const [entry] = Object.entries(train.hold_out ?? {});
  return entry ? { name: entry[0], fraction: entry[1] } : null;
}

/** How many of the slice's images the held-out slice takes. */
export function heldOutSize(train: TrainSliceSpec): number {
  const part = heldOut(train);
  return part ? heldOutCount(train.end - train.start, part.fraction) : 0;
}

/** The images minibatches come from: the slice less its held-out part. */
export function trainingSize(train: TrainSliceSpec): number {
  return train.end - train.start - heldOutSize(train);
}

/** Every slice accuracy is measured on: the held-out one first, then `evaluate`'s in order. */
export function evaluationNames(data: DataSpec): string[] {
  const part = heldOut(data.train);
  return [...(part ? [part.name] : []), ...Object.keys(data.evaluate)];
}

/** The split a named evaluation slice comes from. */
export function splitOf(data: DataSpec, name: string): string | undefined {
  return heldOut(data.train)?.name === name ? data.train.split : data.evaluate[name]?.split;
}
