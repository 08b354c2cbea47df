/**
 * `run-experiments report DIR`: redraws runs.csv, the charts and README.md from a results
 * folder's experiment.json and run folders, without training. Byte-identical to what
 * `writeReport` wrote for the same results. It holds the folder's lock while it writes,
 * and a damaged experiment.json or run folder is refused before anything is written.
 */
import { statSync } from 'node:fs';
import { UserError } from '../errors.js';
import { explainFs } from '../results/fs-errors.js';
import { lockFolder } from '../results/lock.js';
import { resultsMessages } from '../results/messages.js';
import { readRunFolder } from '../results/run-folder.js';
import type { RunResult } from '../results/types.js';
import { readBestRunAnalysis } from './best-run.js';
import { EXPERIMENT_FILE, readExperimentFile } from './experiment-file.js';
import { reportMessages } from './messages.js';
import { renderReport } from './render-report.js';
import { writeRenderedReport } from './write-files.js';

/** A results folder that cannot be redrawn; the message says why. */
export class ResultsFolderError extends UserError {
  override name = 'ResultsFolderError';
}

/** Returns how many charts were drawn. */
export async function renderReportFromDisk(resultsDir: string): Promise<{ charts: number }> {
  const stat = explainFs(() => {
    try {
      return statSync(resultsDir);
    } catch (error) {
      if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return null;
      throw error;
    }
  }, (reason) => resultsMessages.cannotRead(resultsDir, reason));
  if (!stat) throw new ResultsFolderError(reportMessages.reportDirMissing(resultsDir));
  if (!stat.isDirectory()) throw new ResultsFolderError(reportMessages.reportNotADir(resultsDir));
  const experiment = readExperimentFile(resultsDir);
  if (!experiment) throw new ResultsFolderError(reportMessages.reportNotResultsDir(resultsDir, EXPERIMENT_FILE));
  const lock = await lockFolder(resultsDir);
  try {
    const results: RunResult[] = experiment.runs.map(({ id, hash }) => {
      const result = readRunFolder(resultsDir, id);
      if (!result || result.run.hash !== hash) throw new ResultsFolderError(reportMessages.reportRunMissing(resultsDir, id));
      return result;
    });
    const input = { spec: experiment.spec, varying: experiment.varying, results };
    const report = await renderReport({ ...input, analysis: readBestRunAnalysis(resultsDir, input) });
    writeRenderedReport(resultsDir, report);
    return { charts: Object.keys(report.charts).length + Object.keys(report.runCharts).length };
  } finally {
    lock?.release();
  }
}
