/**
 * The experiment spec, as the code sees it once a YAML file has been parsed,
 * validated against schemas/experiment.schema.json and filled with defaults.
 * The schema is the user's reference; these types must match it (a test checks).
 */
import type { SearchSpace } from '../plan/search.js';
import type { OptimizerName } from './optimizers.js';

export type SplitName = 'train' | 'test';

/** A contiguous range of one split: images start (inclusive) to end (exclusive). */
export interface SliceSpec {
  split: SplitName;
  start: number;
  end: number;
}

/** Where the four IDX files come from. */
export type DatasetSource =
  | { kind: 'mnist' }
  /**
   * An absolute directory path (resolved against the spec file's folder), and the sha256 of
   * its four IDX files (core/data/dataset-sha256.ts): a run's hash covers the files, not
   * where they are, so moving the project keeps its results and changing the files does not.
   */
  | { kind: 'path'; path: string; sha256: string };

/** The training slice, which may hold out a random part as an evaluation slice (see core/data/hold-out.ts). */
export interface TrainSliceSpec extends SliceSpec {
  /** Evaluation slice name -> the fraction of the slice it takes, one entry; absent when nothing is held out. */
  hold_out?: Record<string, number>;
}

/** An evaluation slice: a range, measured at every evaluation point or, with `every: end`, only after the last iteration. */
export interface EvaluateSliceSpec extends SliceSpec {
  /** Absent (the default) at every evaluation point, so specs without it keep their hashes. */
  every?: 'end';
}

export interface DataSpec {
  source: DatasetSource;
  /** Minibatches are drawn from this slice (less any part held out). */
  train: TrainSliceSpec;
  /** Accuracy is measured on each named slice, in this (the spec's) order. */
  evaluate: Record<string, EvaluateSliceSpec>;
}

export type Activation = 'relu' | 'sigmoid' | 'tanh';

/** Weight initialisation: a fixed standard deviation (the seed's 0.01), He or Xavier. */
export type InitSpec = { std: number } | 'he' | 'xavier';

/** A layer in the spec, defaults filled: a bare name, or a mapping of its type to its parameters. */
export type LayerEntry =
  | 'relu'
  | 'sigmoid'
  | 'tanh'
  | { affine: number }
  | { conv: { filters: number; size: number; stride: number; pad: number } }
  | { pool: { size: number; stride: number } }
  | { batchnorm: { momentum: number; epsilon: number } }
  | { dropout: number };

/** The seed's shorthand: affine(h) -> activation for each hidden width, then affine(classes). */
export interface HiddenModelSpec {
  hidden: number[];
  activation: Activation;
  init: InitSpec;
}

/** The network as an ordered list of layers (see layers.ts); the last one outputs the classes. */
export interface LayersModelSpec {
  layers: LayerEntry[];
  init: InitSpec;
}

export type ModelSpec = HiddenModelSpec | LayersModelSpec;

export type { OptimizerName } from './optimizers.js';
export type Sampling = 'replacement' | 'shuffle';
export type Precision = 'float32' | 'float64';
export type RngName = 'default' | 'numpy';

/** When a run whose loss stays finite counts as diverged (see the core's DivergenceRule). */
export interface DivergenceSpec {
  /** The loss must stay above this many times its starting value... */
  factor: number;
  /** ...for this many consecutive iterations. */
  patience: number;
}

export interface TrainingSpec {
  optimizer: OptimizerName;
  learning_rate: number;
  /** Momentum's coefficient (optimizer: momentum). */
  momentum: number;
  /** Adam's decay rates. */
  beta1: number;
  beta2: number;
  batch_size: number;
  iterations: number;
  /** Instead of iterations (see plan/epochs.ts); resolved to iterations when runs are planned. */
  epochs?: number;
  /** Evaluate every N iterations (iteration 0 included); 0 turns evaluation off. */
  eval_every: number;
  sampling: Sampling;
  seed: number;
  precision: Precision;
  rng: RngName;
  divergence: DivergenceSpec;
  /**
   * L2 weight decay: lambda/2 times the sum of the squared weights (not biases) added to the
   * loss, as in Saito ch. 6. Left out at 0, its default, in the spec and in a run's config
   * (see plan/hash-neutral.ts), so results from before it existed stay cached.
   */
  weight_decay?: number;
}

/**
 * Budgets each run is checked against when the spec loads. They change no result, so they
 * are neither in a run's config (its hash) nor in the spec the plan and experiment.json keep.
 */
export interface LimitsSpec {
  max_parameters: number;
  max_memory_mb: number;
}

/** What "best" means: a metric (`<slice>_accuracy` or `final_loss`) and whether higher or lower is better. */
export interface SelectSpec {
  metric: string;
  mode: 'max' | 'min';
}

export interface ReportSpec {
  /** Absent when not given: the last evaluation slice's accuracy, higher being better. */
  select?: SelectSpec;
  /** The dotted grid key the comparison charts are drawn across. */
  compare: string | null;
}

/** Random search: `trials` runs per grid point, each key of `space` drawn from its distribution. */
export interface SearchSpec {
  trials: number;
  /** Where the draws come from (see plan/search.ts), not the training seed. */
  seed: number;
  /** Dotted path -> distribution, in the spec's order. */
  space: SearchSpace;
  /** Absent: every trial trains in full. */
  schedule?: ScheduleSpec;
}

/** Successive halving of each grid point's trials (plan/halving.ts); the first rung in iterations or in epochs. */
export interface ScheduleSpec {
  kind: 'successive_halving';
  min_iterations?: number;
  min_epochs?: number;
  reduction: number;
}

/** A whole experiment spec, defaults filled. */
export interface ExperimentSpec {
  name: string;
  description: string;
  data: DataSpec;
  model: ModelSpec;
  training: TrainingSpec;
  /** Dotted path -> values, in the spec's order; the runs are their cartesian product. A key given names lists its names. */
  grid: Record<string, unknown[]>;
  /** Absent when the spec has no `search` (so specs without one keep their experiment.json bytes). */
  search?: SearchSpec;
  /** For grid keys given as a mapping of names to values: key -> name -> value. Absent when no key is. */
  named?: Record<string, Record<string, unknown>>;
  repeat: number;
  report: ReportSpec;
}

/** Everything one run needs: the spec with every grid value applied and its seed set. */
export interface RunConfig {
  experiment: string;
  data: DataSpec;
  model: ModelSpec;
  /** `divergence` is left out at its default value (see plan/hash-neutral.ts). */
  training: Omit<TrainingSpec, 'divergence'> & { divergence?: DivergenceSpec };
}

/** One run of a plan. */
export interface PlannedRun {
  /** Stable, readable, unique within the plan, safe as a folder name (e.g. `lr-0.5`). */
  id: string;
  /** The values of the keys that vary across the plan (dotted path -> value), `repeat` included when > 1. */
  values: Record<string, unknown>;
  config: RunConfig;
  /** A short stable hash of `config`: the cache key of the run's results. */
  hash: string;
}

export interface Plan {
  spec: ExperimentSpec;
  /** The keys that vary, in order (grid keys, then `repeat` when > 1). */
  varying: string[];
  runs: PlannedRun[];
}
