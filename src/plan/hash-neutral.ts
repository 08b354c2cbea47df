/**
 * A run's config holds what changes its numbers, and nothing else, so that its hash does too.
 *   - Settings added after results were already on disk (`divergence`, `weight_decay`): at
 *     their default they are left out of the config, so its hash and config.json stay what
 *     they were and results trained before the setting existed remain cached; any other
 *     value is kept, and changes the hash.
 *   - Optimizer settings the run's optimizer does not read (momentum for Adam, betas for
 *     SGD) are set to their defaults: the values every config had before, so every hash
 *     already on disk stays the same, and an unread setting changes none.
 */
import { canonicalJson } from './hash.js';
import { TRAINING_DEFAULTS } from '../spec/defaults.js';
import { withUnreadAtDefaults } from '../spec/optimizers.js';
import type { RunConfig } from '../spec/types.js';

/** Added later: left out of a run's config at these values. */
const LATER_SETTINGS = ['divergence', 'weight_decay'] as const;

export function withoutNeutralDefaults(config: RunConfig): RunConfig {
  for (const key of LATER_SETTINGS) {
    if (config.training[key] !== undefined && canonicalJson(config.training[key]) === canonicalJson(TRAINING_DEFAULTS[key])) {
      delete config.training[key];
    }
  }
  config.training = withUnreadAtDefaults(config.training);
  return config;
}
