/**
 * spec -> runs, as pure functions: same spec, same runs, same ids.
 * Grid keys in the spec's order, first key slowest, values in listed order, repeat innermost;
 * repeat k (0-based) uses seed + k. A grid key given names (`model: { convnet: ..., mlp: ... }`)
 * sets the named value, and the run's values, hence its id, hold the name.
 */
import type { ExperimentSpec, Plan, PlannedRun, RunConfig } from '../spec/types.js';
import { gridPoints } from './expand.js';
import { configHash } from './hash.js';
import { withoutNeutralDefaults } from './hash-neutral.js';
import { disambiguate, runId } from './ids.js';
import { setPath, splitKey } from './paths.js';

export function planRuns(spec: ExperimentSpec): Plan {
  const keys = Object.keys(spec.grid);
  const varying = spec.repeat > 1 ? [...keys, 'repeat'] : keys;
  const drafts: Omit<PlannedRun, 'id'>[] = [];
  for (const point of gridPoints(spec.grid)) {
    for (let k = 0; k < spec.repeat; k++) {
      const config: RunConfig = structuredClone({
        experiment: spec.name,
        data: spec.data,
        model: spec.model,
        training: spec.training,
      });
      const values: Record<string, unknown> = {};
      keys.forEach((key, i) => {
        const value = spec.grid[key][point[i]];
        const named = spec.named?.[key];
        setPath(config as unknown as Record<string, unknown>, splitKey(key), structuredClone(named ? named[value as string] : value));
        values[key] = value;
      });
      config.training.seed += k;
      withoutNeutralDefaults(config);
      if (spec.repeat > 1) values.repeat = k;
      drafts.push({ values, config, hash: configHash(config) });
    }
  }
  const ids = disambiguate(
    drafts.map((d) => runId(d.values, Object.keys(spec.named ?? {}))),
    drafts.map((d) => d.hash),
  );
  return { spec, varying, runs: drafts.map((draft, i) => ({ id: ids[i], ...draft })) };
}
