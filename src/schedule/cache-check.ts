/**
 * Whether a planned run's results are on disk (skip it) or why it is trained again:
 * its folder is gone since the last report, a file is missing or damaged
 * (run-check.ts), its settings changed (the keys named), or it ended failed.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readExperimentFile } from '../report/experiment-file.js';
import { inspectRunFolder, runFolderPath, RUNS_FOLDER } from '../results/run-folder.js';
import type { RunResult } from '../results/types.js';
import { readRunFolderFiles, type VerifiedRuns } from '../results/verified-runs.js';
import { isProblem, RUN_FILES } from '../results/run-files.js';
import type { PlannedRun } from '../spec/types.js';
import { cacheMessages as cm } from './cache-messages.js';
import { checkpointMessages } from './checkpoint-messages.js';
import { changedKeys } from './changed-settings.js';
import { missingFileProblem } from './run-check.js';

/**
 * A checked result to skip the run with, or the reason it is trained again (null: it never
 * was on disk). A `pruned` run is a result only where successive halving pruned it: a spec
 * with a schedule (`halving`). The folder's files are read once; when their digest is the one
 * `verified` recorded, they are the bytes that were written or checked whole, and only
 * metrics.csv, evaluations.csv and config.json are read again (parsed); otherwise every check
 * is made, and a folder that passes them is recorded (written down when a run is trained).
 * `names`: the folder's files, when the caller has just listed it (the sweep of leftovers).
 */
export function cacheCheck(resultsDir: string, run: PlannedRun, previous: PreviousReport, verified: VerifiedRuns, halving = false, names?: string[]): { cached: RunResult } | { train: string | null } {
  const folder = runFolderPath(resultsDir, run.id);
  if (names === undefined && !existsSync(folder)) {
    return { train: previous.listed.has(`${run.id} ${run.hash}`) ? cm.folderGone(join(RUNS_FOLDER, run.id)) : null };
  }
  const files = readRunFolderFiles(folder, PARSED, names);
  const found = files ? inspectRunFolder(folder, run.id, (name) => files.texts.get(name) ?? null) : inspectRunFolder(folder, run.id);
  if (isProblem(found)) return { train: found.problem };
  if (found.run.hash !== run.hash) return { train: cm.settingsChanged(changedKeys(found.run.config, run.config)) };
  if (found.status === 'pruned' && !halving) return { train: checkpointMessages.prunedWithoutSchedule };
  if (found.status !== 'completed' && found.status !== 'diverged' && found.status !== 'pruned') return { train: cm.endedAs(found.status) };
  const digest = files?.digest ?? null;
  const modelLeftOut = previous.keptModels !== null && !previous.keptModels.has(run.id);
  const problem = digest !== null && verified.has(run.id, digest) ? null : missingFileProblem(folder, found, modelLeftOut);
  if (problem === null && digest !== null) verified.checked(run.id, digest);
  // the same hash: the plan's own run (its values, in the plan's words) with the numbers on disk
  return problem === null ? { cached: { ...found, run } } : { train: problem };
}

/** The files a cached run's result is read from (the others are checked, or known by their digest). */
const PARSED = Object.values(RUN_FILES);

/** What the last report (its experiment.json) says about the runs on disk. */
export interface PreviousReport {
  /** "id hash" of each run it listed. */
  listed: Set<string>;
  /** The runs whose models the folder commits, when it leaves the others' out (report/kept-models.ts); null: every model. */
  keptModels: Set<string> | null;
}

/** The last report's record; nothing listed, every model kept, when there is no readable experiment.json. */
export function previousReport(resultsDir: string): PreviousReport {
  try {
    const file = readExperimentFile(resultsDir);
    return { listed: new Set(file?.runs.map((r) => `${r.id} ${r.hash}`) ?? []), keptModels: file?.models ? new Set(file.models) : null };
  } catch {
    return { listed: new Set(), keptModels: null };
  }
}
