/** A schema-valid spec object -> the typed spec, every default filled. */
import { resolve } from 'node:path';
import { DATA_DEFAULTS, MODEL_DEFAULTS, REPORT_DEFAULTS, SEARCH_DEFAULTS, SELECT_DEFAULTS, SLICE_DEFAULTS, SPEC_DEFAULTS, TRAINING_DEFAULTS } from './defaults.js';
import type { SplitSizes } from './dataset-sizes.js';
import type { DataSpec, ExperimentSpec, LimitsSpec, SearchSpec, SelectSpec, SliceSpec, TrainSliceSpec } from './types.js';

/** The spec as written (already checked against the schema). */
export interface RawSpec {
  name: string;
  description?: string;
  data?: { dataset?: 'mnist'; path?: string; train?: Partial<TrainSliceSpec>; evaluate?: Record<string, Partial<SliceSpec>> };
  model?: Partial<ExperimentSpec['model']>;
  training?: Partial<Omit<ExperimentSpec['training'], 'divergence'>> & { divergence?: Partial<ExperimentSpec['training']['divergence']> };
  grid?: Record<string, unknown[]>;
  search?: { trials: number; seed?: number; space: SearchSpec['space'] };
  repeat?: number;
  limits?: Partial<LimitsSpec>;
  report?: { compare?: string | null; select?: Partial<SelectSpec> & Pick<SelectSpec, 'metric'> };
}

export function fillSlice(slice: Partial<SliceSpec>, sizes: SplitSizes): SliceSpec {
  const split = slice.split ?? 'train';
  return { split, start: slice.start ?? SLICE_DEFAULTS.start, end: slice.end ?? sizes[split] };
}

/** The training slice, defaults filled, with its `hold_out` if it has one. */
function trainSlice(slice: Partial<TrainSliceSpec>, sizes: SplitSizes): TrainSliceSpec {
  return { ...fillSlice(slice, sizes), ...(slice.hold_out ? { hold_out: { ...slice.hold_out } } : {}) };
}

/** Fills defaults; a relative `data.path` is resolved against `specDir`. */
export function normalize(raw: RawSpec, sizes: SplitSizes, specDir: string): ExperimentSpec {
  const data = raw.data ?? {};
  const source: DataSpec['source'] = data.path === undefined ? { kind: 'mnist' } : { kind: 'path', path: resolve(specDir, data.path) };
  const evaluate = data.evaluate ?? DATA_DEFAULTS.evaluate;
  const grid = structuredClone(raw.grid ?? SPEC_DEFAULTS.grid);
  return {
    name: raw.name,
    description: raw.description ?? SPEC_DEFAULTS.description,
    data: {
      source,
      train: trainSlice(data.train ?? DATA_DEFAULTS.train, sizes),
      evaluate: Object.fromEntries(Object.entries(evaluate).map(([name, slice]) => [name, fillSlice(slice, sizes)])),
    },
    model: structuredClone({ ...MODEL_DEFAULTS, ...raw.model }),
    training: { ...TRAINING_DEFAULTS, ...raw.training, divergence: { ...TRAINING_DEFAULTS.divergence, ...raw.training?.divergence } },
    grid,
    ...(raw.search ? { search: { trials: raw.search.trials, seed: raw.search.seed ?? SEARCH_DEFAULTS.seed, space: structuredClone(raw.search.space) } } : {}),
    repeat: raw.repeat ?? SPEC_DEFAULTS.repeat,
    report: {
      compare: raw.report?.compare ?? Object.keys(grid)[0] ?? REPORT_DEFAULTS.compare,
      ...(raw.report?.select ? { select: { metric: raw.report.select.metric, mode: raw.report.select.mode ?? SELECT_DEFAULTS.mode } } : {}),
    },
  };
}
