/**
 * spec -> runs, as pure functions: same spec, same runs, same ids.
 * Grid keys in the spec's order, first key slowest, values in listed order; then the
 * search's trials (t000, t001, ...) at each grid point; repeat innermost; repeat k
 * (0-based) uses seed + k. A grid key given names (`model: { convnet: ..., mlp: ... }`)
 * sets the named value, and the run's values, hence its id, hold the name.
 */
import type { ExperimentSpec, Plan, PlannedRun, RunConfig } from '../spec/types.js';
import { clonePlain } from './clone.js';
import { gridPoints } from './expand.js';
import { runHash } from './hash.js';
import { withoutNeutralDefaults } from './hash-neutral.js';
import { resolveEpochs } from './epochs.js';
import { disambiguate, runId } from './ids.js';
import { setPath, splitKey } from './paths.js';
import { drawTrials, trialId } from './search.js';
import { withDerivedDefaults } from '../spec/layers.js';

export function planRuns(spec: ExperimentSpec): Plan {
  const keys = Object.keys(spec.grid);
  const searched = spec.search ? Object.keys(spec.search.space) : [];
  const varying = [...keys, ...searched, ...(spec.repeat > 1 ? ['repeat'] : [])];
  const trials: (Record<string, unknown> | null)[] = spec.search ? drawTrials(spec.search.space, spec.search.seed, spec.search.trials) : [null];
  const drafts: (Omit<PlannedRun, 'id'> & { name: string })[] = [];
  for (const point of gridPoints(spec.grid)) {
    trials.forEach((trial, t) => {
      for (let k = 0; k < spec.repeat; k++) {
        const config: RunConfig = clonePlain({
          experiment: spec.name,
          data: spec.data,
          model: spec.model,
          training: spec.training,
        });
        const values: Record<string, unknown> = {};
        keys.forEach((key, i) => {
          const value = spec.grid[key][point[i]];
          const named = spec.named?.[key];
          setPath(config as unknown as Record<string, unknown>, splitKey(key), clonePlain(named ? named[value as string] : value));
          values[key] = value;
        });
        for (const [key, value] of Object.entries(trial ?? {})) {
          setPath(config as unknown as Record<string, unknown>, splitKey(key), clonePlain(value));
          values[key] = value;
        }
        config.training.seed += k;
        withDerivedDefaults(config.model);
        resolveEpochs(config);
        withoutNeutralDefaults(config);
        if (spec.repeat > 1) values.repeat = k;
        drafts.push({ name: nameOf(values, keys, Object.keys(spec.named ?? {}), trial ? t : null, spec.repeat > 1 ? k : null), values, config, hash: runHash(config) });
      }
    });
  }
  const ids = disambiguate(
    drafts.map((d) => d.name),
    drafts.map((d) => d.hash),
  );
  return { spec, varying, runs: drafts.map(({ name: _name, ...draft }, i) => ({ id: ids[i], ...draft })) };
}

/** `lr-0.5`, `t007`, `opt-adam_t007_r-1`: the grid's values, the trial, the repeat; `run` when nothing varies. */
function nameOf(values: Record<string, unknown>, keys: string[], namedKeys: string[], trial: number | null, repeat: number | null): string {
  const parts = [
    keys.length > 0 ? runId(Object.fromEntries(keys.map((key) => [key, values[key]])), namedKeys) : null,
    trial === null ? null : trialId(trial),
    repeat === null ? null : runId({ repeat }),
  ].filter((part): part is string => part !== null);
  return parts.length === 0 ? 'run' : parts.join('_');
}
