/**
 * The one list of what a run's accuracy is measured on, and of what it trains on. Every
 * place that needs a config's evaluation slices (the worker, its analysis files, the cache
 * check, the run files, the queue's result check, the report, `serve`, `compare`, `plan`)
 * asks `evaluationSlices`: the part held out of the training slice first (an index set,
 * see core/data/hold-out.ts), then `evaluate`'s ranges in the spec's order.
 */
import { holdOut } from '../core/data/hold-out.js';
import { heldOut } from './train-slice.js';
import type { DataSpec, SplitName, TrainSliceSpec } from './types.js';

/** Images of one split: the range [start, end), or, when `indices` is given, those images (all inside the range) in that order. */
export interface ImageSet {
  split: SplitName;
  start: number;
  end: number;
  indices?: Int32Array;
}

export interface EvaluationSlice extends ImageSet {
  name: string;
  /** Measured only after the last iteration (`every: end`), not at every evaluation point. */
  endOnly: boolean;
  /** True for the part held out of the training slice. */
  heldOut: boolean;
}

/** Each split of the same range and fraction is computed once per process. */
const splits = new Map<string, { train: Int32Array; held: Int32Array }>();

function split(train: TrainSliceSpec, fraction: number): { train: Int32Array; held: Int32Array } {
  // a slice the spec's checks refuse (end <= start) still has names, and no images
  if (train.end <= train.start) return { train: new Int32Array(0), held: new Int32Array(0) };
  const key = `${train.start}:${train.end}:${fraction}`;
  let found = splits.get(key);
  if (!found) splits.set(key, (found = holdOut(train.start, train.end, fraction)));
  return found;
}

/** Every slice accuracy is measured on, in the order of evaluations.csv's columns. */
export function evaluationSlices(data: DataSpec): EvaluationSlice[] {
  const part = heldOut(data.train);
  const { split: trainSplit, start, end } = data.train;
  const held: EvaluationSlice[] = part
    ? [{ name: part.name, split: trainSplit, start, end, indices: split(data.train, part.fraction).held, endOnly: false, heldOut: true }]
    : [];
  return [
    ...held,
    ...Object.entries(data.evaluate).map(([name, s]) => ({ name, split: s.split, start: s.start, end: s.end, endOnly: s.every === 'end', heldOut: false })),
  ];
}

/** The images minibatches come from: the training slice, less its held-out part. */
export function trainedImages(data: DataSpec): ImageSet {
  const part = heldOut(data.train);
  const { split: s, start, end } = data.train;
  return part ? { split: s, start, end, indices: split(data.train, part.fraction).train } : { split: s, start, end };
}

/** How many images a set has. */
export function imageCount(set: ImageSet): number {
  return set.indices ? set.indices.length : set.end - set.start;
}

/** The set's labels, in its order, from its split's labels. */
export function labelsOf(set: ImageSet, labels: Uint8Array): Uint8Array {
  return set.indices ? Uint8Array.from(set.indices, (i) => labels[i]) : labels.subarray(set.start, set.end);
}

/** A config's evaluation slice by name. */
export function evaluationSlice(data: DataSpec, name: string): EvaluationSlice | undefined {
  return evaluationSlices(data).find((s) => s.name === name);
}

/** The names of a config's evaluation slices, in order. */
export function evaluationNames(data: DataSpec): string[] {
  // the names alone: a held-out part's images are not drawn for them (a read experiment.json's slice may be of any size)
  const part = heldOut(data.train);
  return [...(part ? [part.name] : []), ...Object.keys(data.evaluate)];
}

/** The split a named evaluation slice comes from. */
export function splitOf(data: DataSpec, name: string): SplitName | undefined {
  return evaluationSlice(data, name)?.split;
}

/** The slice whose most confident mistakes a completed run keeps: `test`, else the last evaluation slice. */
export function mistakesSlice(names: readonly string[]): string | null {
  return names.includes('test') ? 'test' : (names.at(-1) ?? null);
}
