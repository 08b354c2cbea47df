/** A schema-valid spec object -> the typed spec, every default filled. */
import { resolve } from 'node:path';
import { datasetSha256 } from '../core/data/index.js';
import { DATA_DEFAULTS, MODEL_DEFAULTS, REPORT_DEFAULTS, SCHEDULE_DEFAULTS, SEARCH_DEFAULTS, SELECT_DEFAULTS, SLICE_DEFAULTS, SPEC_DEFAULTS, TRAINING_DEFAULTS } from './defaults.js';
import type { SplitSizes } from './dataset-sizes.js';
import { clonePlain } from '../plan/clone.js';
import { fillLayer } from './layers.js';
import type { DataSpec, EvaluateSliceSpec, ExperimentSpec, LimitsSpec, ModelSpec, ScheduleSpec, SearchSpec, SelectSpec, SliceSpec, TrainingSpec, TrainSliceSpec } from './types.js';

/** The spec as written (already checked against the schema). */
export interface RawSpec {
  name: string;
  description?: string;
  data?: { dataset?: 'mnist'; path?: string; train?: Partial<TrainSliceSpec>; evaluate?: Record<string, Partial<EvaluateSliceSpec>> };
  model?: { hidden?: number[]; activation?: 'relu' | 'sigmoid' | 'tanh'; layers?: unknown[]; init?: ModelSpec['init'] };
  training?: Partial<Omit<ExperimentSpec['training'], 'divergence'>> & { divergence?: Partial<ExperimentSpec['training']['divergence']> };
  /** Each key's values: a list, or a mapping of names to values. */
  grid?: Record<string, unknown[] | Record<string, unknown>>;
  search?: { trials: number; seed?: number; space: SearchSpec['space']; schedule?: Partial<ScheduleSpec> & Pick<ScheduleSpec, 'kind'> };
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

/** An evaluation slice, defaults filled, with its `every` if it has one. */
function evaluateSlice(slice: Partial<EvaluateSliceSpec>, sizes: SplitSizes): EvaluateSliceSpec {
  return { ...fillSlice(slice, sizes), ...(slice.every ? { every: slice.every } : {}) };
}

/** Fills defaults; a relative `data.path` is resolved against `specDir`. */
export function normalize(raw: RawSpec, sizes: SplitSizes, specDir: string): ExperimentSpec {
  const data = raw.data ?? {};
  const source: DataSpec['source'] = data.path === undefined ? { kind: 'mnist' } : pathSource(resolve(specDir, data.path));
  const evaluate = data.evaluate ?? DATA_DEFAULTS.evaluate;
  const { grid, named } = namedValues(raw.grid ?? SPEC_DEFAULTS.grid);
  return {
    name: raw.name,
    description: raw.description ?? SPEC_DEFAULTS.description,
    data: {
      source,
      train: trainSlice(data.train ?? DATA_DEFAULTS.train, sizes),
      evaluate: Object.fromEntries(Object.entries(evaluate).map(([name, slice]) => [name, evaluateSlice(slice, sizes)])),
    },
    model: normalizeModel(raw.model ?? {}),
    training: normalizeTraining(raw.training ?? {}),
    grid,
    ...(raw.search ? { search: normalizeSearch(raw.search) } : {}),
    ...(named ? { named } : {}),
    repeat: raw.repeat ?? SPEC_DEFAULTS.repeat,
    report: {
      compare: raw.report?.compare ?? Object.keys(grid)[0] ?? REPORT_DEFAULTS.compare,
      ...(raw.report?.select ? { select: { metric: raw.report.select.metric, mode: raw.report.select.mode ?? SELECT_DEFAULTS.mode } } : {}),
    },
  };
}

function normalizeSearch(search: NonNullable<RawSpec['search']>): SearchSpec {
  const { trials, seed, space, schedule } = search;
  return {
    trials,
    seed: seed ?? SEARCH_DEFAULTS.seed,
    space: clonePlain(space),
    ...(schedule ? { schedule: { reduction: SCHEDULE_DEFAULTS.reduction, ...schedule } } : {}),
  };
}

/** `layers` with each layer's defaults filled, or the shorthand with its defaults. */
export function normalizeModel(model: NonNullable<RawSpec['model']>): ModelSpec {
  const init = clonePlain(model.init ?? MODEL_DEFAULTS.init);
  if (model.layers !== undefined) return { layers: model.layers.map(fillLayer), init };
  return clonePlain({ ...MODEL_DEFAULTS, ...model, init });
}

/** Defaults filled; `weight_decay` is left out at its default, 0, so specs from before it keep their text. */
function normalizeTraining(training: NonNullable<RawSpec['training']>): TrainingSpec {
  const filled: TrainingSpec = { ...TRAINING_DEFAULTS, ...training, divergence: { ...TRAINING_DEFAULTS.divergence, ...training.divergence } };
  if (filled.weight_decay === TRAINING_DEFAULTS.weight_decay) delete filled.weight_decay;
  return filled;
}

/** Grid keys given as a mapping of names to values: the names become the key's list, the values go to `named`. */
function namedValues(raw: NonNullable<RawSpec['grid']>): Pick<ExperimentSpec, 'grid' | 'named'> {
  const grid: Record<string, unknown[]> = {};
  const named: Record<string, Record<string, unknown>> = {};
  for (const [key, values] of Object.entries(raw)) {
    if (Array.isArray(values)) {
      grid[key] = clonePlain(values);
    } else {
      grid[key] = Object.keys(values);
      named[key] = clonePlain(values);
    }
  }
  return Object.keys(named).length > 0 ? { grid, named } : { grid };
}

/** A dataset folder as a run's config names it: where it is, and its files' sha256 (read once per folder per process). */
function pathSource(path: string): DataSpec['source'] {
  return { kind: 'path', path, sha256: datasetSha256(path) };
}
