/** What a training slice's `hold_out` means for the rest of the spec: sizes and slice names. */
import { heldOutCount } from '../core/data/hold-out.js';
import type { TrainSliceSpec } from './types.js';

/** The held-out slice's name and fraction, or null. */
export function heldOut(train: TrainSliceSpec): { name: string; fraction: number } | null {
  const [entry] = Object.entries(train.hold_out ?? {});
  return entry ? { name: entry[0], fraction: entry[1] } : null;
}

/** Whether a value read back from a file (config.json, experiment.json) is a sound `hold_out`: absent, or one name and a fraction in (0, 1). */
export function isHoldOut(v: unknown): boolean {
  if (v === undefined) return true;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const fractions = Object.values(v);
  return fractions.length === 1 && typeof fractions[0] === 'number' && fractions[0] > 0 && fractions[0] < 1;
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
