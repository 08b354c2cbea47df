/**
 * Whether an experiment.json holds what its own spec plans: the runs it lists (ids and config
 * hashes, in plan order) and the keys it says vary are those planning its spec gives, and each
 * listed run's folder records settings of the planned hash. A hand-edited file (a run dropped,
 * added or renamed, a hash or a value of the spec changed) would otherwise be drawn as if it
 * were the experiment's: `report` and `compare` refuse it, `serve` shows it as damaged, and
 * running the spec again rebuilds it. Every reader of a finished results folder checks it
 * here: `readPlannedExperiment` for the file, `recordProblem` for each listed run's folder.
 */
import { join } from 'node:path';
import { countPoints } from '../plan/expand.js';
import { runHash } from '../plan/hash.js';
import { planRuns } from '../plan/plan.js';
import { DEFAULT_MAX_RUNS } from '../spec/max-runs.js';
import type { RunResult } from '../results/types.js';
import type { Plan } from '../spec/types.js';
import { EXPERIMENT_FILE, ExperimentFileError, readExperimentFile, type ExperimentFile } from './experiment-file.js';
import { reportMessages as m } from './messages.js';

/**
 * The experiment.json of `resultsDir`, or null when it is absent; an ExperimentFileError naming it
 * when it is damaged or does not hold what its spec plans (the runs, in order, and the varying keys).
 */
export function readPlannedExperiment(resultsDir: string): ExperimentFile | null {
  const file = readExperimentFile(resultsDir);
  if (file === null) return null;
  const plan = planOf(file);
  const problem = 'problem' in plan ? plan.problem : listProblem(file, plan);
  if (problem !== null) throw notPlanned(resultsDir, problem);
  return file;
}

/** The error for the experiment.json of `resultsDir` that does not hold what its spec plans (`problem`: a `plan...` message). */
export function notPlanned(resultsDir: string, problem: string): ExperimentFileError {
  return new ExperimentFileError(m.experimentNotPlanned(join(resultsDir, EXPERIMENT_FILE), problem));
}

/**
 * The plan of the file's spec, or what keeps it from being planned. A spec that plans more runs
 * than the file lists, and more than a spec may by default, is refused by its count, unplanned:
 * an edited `repeat` or `search.trials` would otherwise plan billions of runs, out of memory.
 */
export function planOf(file: ExperimentFile): Plan | { problem: string } {
  const { spec } = file;
  const trials = spec.search ? spec.search.trials : 1;
  const count = countPoints(spec.grid) * (typeof trials === 'number' ? Math.max(trials, 0) : 1) * spec.repeat;
  if (count > Math.max(file.runs.length, DEFAULT_MAX_RUNS)) return { problem: m.planRunCount(file.runs.length, count) };
  try {
    return planRuns(file.spec);
  } catch (error) {
    return { problem: m.planUnplannable((error as Error).message) };
  }
}

/** The first way the file's runs and varying keys differ from `plan`'s, in words, or null. */
export function listProblem(file: ExperimentFile, plan: Plan): string | null {
  const planned = plan.runs;
  for (let i = 0; i < Math.max(planned.length, file.runs.length); i++) {
    const [want, got] = [planned[i], file.runs[i]];
    if (want !== undefined && got !== undefined && want.id === got.id && want.hash === got.hash) continue;
    if (got === undefined) return m.planRunMissing(want.id);
    const same = planned.find((r) => r.id === got.id);
    if (same === undefined) return m.planRunExtra(got.id);
    if (same.hash !== got.hash) return m.planRunHash(got.id, got.hash, same.hash);
    return want !== undefined && !file.runs.some((r) => r.id === want.id) ? m.planRunMissing(want.id) : m.planRunOrder;
  }
  if (JSON.stringify(file.varying) !== JSON.stringify(plan.varying)) return m.planVarying(file.varying, plan.varying);
  return null;
}

/** Whether a listed run's folder records the settings its spec plans for it (by their hash), in words, or null. */
export function recordProblem(result: RunResult, plannedHash: string): string | null {
  const recorded = runHash(result.run.config);
  return recorded === plannedHash ? null : m.planRecord(result.run.id, recorded, plannedHash);
}
