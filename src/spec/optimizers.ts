/**
 * Every optimizer a spec can name, one entry each: the training settings it reads besides
 * the learning rate, with their defaults. The schema's `training.optimizer` enum, the spec's
 * types and a run's hash take their list from here (a test keeps the schema in step): a
 * setting no run's optimizer reads is set to its default before hashing, so an Adam beta on
 * an SGD run changes nothing. The update rules themselves are the core's (core/optimizers.ts).
 */

/** The settings some optimizer reads, with their defaults. */
export const OPTIMIZER_SETTING_DEFAULTS = { momentum: 0.9, beta1: 0.9, beta2: 0.999 } as const;

export type OptimizerSetting = keyof typeof OPTIMIZER_SETTING_DEFAULTS;

export interface OptimizerEntry {
  /** The training settings it reads besides `learning_rate`. */
  reads: readonly OptimizerSetting[];
  /** Numbers it keeps per parameter (velocity, moments), for the memory estimate. */
  state: number;
}

export const OPTIMIZERS = {
  /** The seed's: param -= lr * grad. */
  sgd: { reads: [], state: 0 },
  /** Polyak 1964, as in Saito ch. 6. */
  momentum: { reads: ['momentum'], state: 1 },
  /** Duchi, Hazan and Singer 2011. */
  adagrad: { reads: [], state: 1 },
  /** Kingma and Ba 2015. */
  adam: { reads: ['beta1', 'beta2'], state: 2 },
} as const satisfies Record<string, OptimizerEntry>;

export type OptimizerName = keyof typeof OPTIMIZERS;

export const OPTIMIZER_NAMES = Object.keys(OPTIMIZERS) as OptimizerName[];

/** `training` with every optimizer setting that `training.optimizer` does not read at its default. */
export function withUnreadAtDefaults<T extends { optimizer: OptimizerName } & Record<OptimizerSetting, number>>(training: T): T {
  const reads: readonly OptimizerSetting[] = OPTIMIZERS[training.optimizer].reads;
  const unread = (Object.keys(OPTIMIZER_SETTING_DEFAULTS) as OptimizerSetting[]).filter((key) => !reads.includes(key));
  return { ...training, ...Object.fromEntries(unread.map((key) => [key, OPTIMIZER_SETTING_DEFAULTS[key]])) };
}
