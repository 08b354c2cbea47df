/**
 * The values a spec gets for every key it leaves out. The schema's `default`s must equal
 * these (a test walks both), and these are typed, so schema, types and code cannot drift.
 */
import { DIVERGENCE_DEFAULTS } from '../core/divergence.js';
import { OPTIMIZER_SETTING_DEFAULTS } from './optimizers.js';
import type { HiddenModelSpec, ReportSpec, ScheduleSpec, SearchSpec, SelectSpec, SliceSpec, TrainingSpec } from './types.js';
import type { LimitsSpec } from './types.js';

/** A slice's defaults; `end` defaults to the split's size, known only once the dataset is. */
export const SLICE_DEFAULTS: Pick<SliceSpec, 'start'> = { start: 0 };

/** The shorthand's defaults: the seed's network. `layers` has none: it replaces `hidden` and `activation`. */
export const MODEL_DEFAULTS: HiddenModelSpec = {
  hidden: [50],
  activation: 'relu',
  init: { std: 0.01 },
};

export const TRAINING_DEFAULTS: Required<Omit<TrainingSpec, 'epochs'>> = {
  optimizer: 'sgd',
  learning_rate: 0.5,
  ...OPTIMIZER_SETTING_DEFAULTS,
  batch_size: 100,
  iterations: 10000,
  eval_every: 100,
  sampling: 'replacement',
  seed: 1,
  precision: 'float32',
  rng: 'default',
  divergence: { ...DIVERGENCE_DEFAULTS },
  weight_decay: 0,
};

export const SEARCH_DEFAULTS: Pick<SearchSpec, 'seed'> = { seed: 0 };

export const SCHEDULE_DEFAULTS: Pick<ScheduleSpec, 'reduction'> = { reduction: 3 };

export const SELECT_DEFAULTS: Pick<SelectSpec, 'mode'> = { mode: 'max' };

export const REPORT_DEFAULTS: ReportSpec = { compare: null };

export const LIMITS_DEFAULTS: LimitsSpec = { max_parameters: 5_000_000, max_memory_mb: 2048 };

/** The data section as written in YAML (`dataset` or `path`), defaults filled. */
export interface DataDefaults {
  dataset: 'mnist';
  train: Pick<SliceSpec, 'split'>;
  evaluate: Record<string, Pick<SliceSpec, 'split'>>;
}

export const DATA_DEFAULTS: DataDefaults = {
  dataset: 'mnist',
  train: { split: 'train' },
  evaluate: { train: { split: 'train' }, test: { split: 'test' } },
};

/** Top-level defaults, for every top-level key but the required `name`. */
export const SPEC_DEFAULTS = {
  description: '',
  data: {},
  model: {},
  training: {},
  grid: {} as Record<string, unknown[]>,
  repeat: 1,
  limits: {},
  report: {},
};
