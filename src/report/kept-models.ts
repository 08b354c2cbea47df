/**
 * Which runs' models a results folder commits: those of the runs its report draws up close
 * (drawn-runs.ts: the best few, and any asked for with `report DIR --run ID`). The other
 * completed runs' models stay on the machine that trained them, kept out of git by the
 * folder's .gitignore (results-gitignore.ts), so a 100-run search commits three models, not a
 * hundred; every run's data is committed. A clone counts those runs as cached
 * (schedule/cache-check.ts); to get such a model, delete the run's folder and run the spec.
 */
import type { ReportInput } from './report-input.js';

/** The drawn runs that saved a model, in plan order; null when no completed run is left out (every model is committed). */
export function keptModels(input: ReportInput, drawnIds: readonly string[]): string[] | null {
  const drawn = new Set(drawnIds);
  const saved = input.results.filter((r) => r.status === 'completed').map((r) => r.run.id);
  return saved.every((id) => drawn.has(id)) ? null : saved.filter((id) => drawn.has(id));
}
