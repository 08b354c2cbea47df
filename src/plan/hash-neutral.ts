/**
 * Settings added after results were already on disk. At their default value they are
 * left out of a run's config, so its hash and its config.json stay what they were and
 * results trained before the setting existed remain cached; any other value is kept,
 * and changes the hash.
 */
import { canonicalJson } from './hash.js';
import { TRAINING_DEFAULTS } from '../spec/defaults.js';
import type { RunConfig } from '../spec/types.js';

export function withoutNeutralDefaults(config: RunConfig): RunConfig {
  if (config.training.divergence && canonicalJson(config.training.divergence) === canonicalJson(TRAINING_DEFAULTS.divergence)) {
    delete config.training.divergence;
  }
  return config;
}
