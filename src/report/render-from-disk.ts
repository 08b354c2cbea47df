/**
 * `run-experiments report DIR [--run ID...]`: draws runs.csv, the pictures and README.md
 * from a results folder's experiment.json and run folders, without training. Byte-identical
 * to what `writeReport` wrote for the same results. Runs named with --run are drawn up close
 * from now on (experiment.json remembers them). It holds the folder's lock while it writes,
 * and a damaged experiment.json, one that does not hold what its spec plans (experiment-plan.ts),
 * a run folder or an unknown run is refused before anything is written.
 */
import { statSync } from 'node:fs';
import { danglingLinkWords } from '../core/read-file.js';
import { UserError } from '../errors.js';
import { explainFs } from '../results/fs-errors.js';
import { lockFolder } from '../results/lock.js';
import { resultsMessages } from '../results/messages.js';
import { isProblem } from '../results/run-files.js';
import { csvRecordProblem, inspectRunFolder, runFolderPath } from '../results/run-folder.js';
import { savedModelProblem } from '../schedule/run-check.js';
import type { RunResult } from '../results/types.js';
import { EXPERIMENT_FILE, writeExperimentFile } from './experiment-file.js';
import { notPlanned, readPlannedExperiment, recordProblem } from './experiment-plan.js';
import { reportMessages } from './messages.js';
import { checkPictureFolders } from './picture-folders.js';
import { closeUp } from './drawn-runs.js';
import { drawReport, type DrawnReport } from './render-report.js';

/** A results folder that cannot be redrawn; the message says why. */
export class ResultsFolderError extends UserError {
  override name = 'ResultsFolderError';
}

/**
 * A run experiment.json lists (`id`, `hash`), read back from its folder in `resultsDir`
 * (`shownAs` in messages): refused, saying why, when the folder is gone, a file of it is
 * missing or damaged (a model that is there checked as `run` checks a cached run's: the
 * report points at it), or it holds the results of other settings: another hash than listed
 * (ResultsFolderError), or a config.json whose settings do not hash to it (an ExperimentFileError:
 * experiment-plan.ts).
 */
export function readListedRun(resultsDir: string, shownAs: string, id: string, hash: string): RunResult {
  const folder = runFolderPath(resultsDir, id);
  // a folder gone (or a file in its place) is "missing", not a missing metrics.csv
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw new ResultsFolderError(reportMessages.reportRunMissing(shownAs, id));
  const result = inspectRunFolder(folder, id);
  if (isProblem(result)) throw new ResultsFolderError(reportMessages.reportRunMissing(shownAs, id, result.problem));
  // the analysis files the report draws, and its model: those the run wrote, as it wrote them
  const changed = csvRecordProblem(folder) ?? savedModelProblem(folder, result);
  if (changed !== null) throw new ResultsFolderError(reportMessages.reportRunMissing(shownAs, id, changed));
  if (result.run.hash !== hash) throw new ResultsFolderError(reportMessages.reportRunMissing(shownAs, id));
  const disagrees = recordProblem(result, hash);
  if (disagrees !== null) throw notPlanned(resultsDir, disagrees);
  return result;
}

/** Returns how many pictures were drawn, and how many were already up to date. */
export async function renderReportFromDisk(resultsDir: string, requested: string[] = []): Promise<DrawnReport> {
  const stat = explainFs(() => {
    try {
      return statSync(resultsDir);
    } catch (error) {
      if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return null;
      throw error;
    }
  }, (reason) => resultsMessages.cannotRead(resultsDir, reason));
  if (!stat) throw new ResultsFolderError(reportMessages.reportDirMissing(resultsDir, danglingLinkWords(resultsDir)));
  if (!stat.isDirectory()) throw new ResultsFolderError(reportMessages.reportNotADir(resultsDir));
  const experiment = readPlannedExperiment(resultsDir);
  if (!experiment) throw new ResultsFolderError(reportMessages.reportNotResultsDir(resultsDir, EXPERIMENT_FILE));
  const ids = experiment.runs.map((r) => r.id);
  const unknown = requested.find((id) => !ids.includes(id));
  if (unknown !== undefined) throw new ResultsFolderError(reportMessages.reportUnknownRun(resultsDir, unknown, ids));
  const pictures = ids.filter((id) => experiment.pictures?.includes(id) || requested.includes(id));
  const lock = await lockFolder(resultsDir);
  try {
    checkPictureFolders(resultsDir);
    const results: RunResult[] = experiment.runs.map(({ id, hash }) => readListedRun(resultsDir, resultsDir, id, hash));
    const { pictures: _, models: _models, ...record } = experiment;
    const input = { spec: experiment.spec, varying: experiment.varying, results };
    const shown = closeUp(input, pictures);
    writeExperimentFile(resultsDir, record, pictures, shown.models);
    return await drawReport(resultsDir, input, shown);
  } finally {
    lock?.release();
  }
}
