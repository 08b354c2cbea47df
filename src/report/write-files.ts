/** Writes a rendered report into a results folder, every file atomically. */
import { join } from 'node:path';
import { writeFileAtomic, writeFolderAtomic } from '../results/atomic.js';
import { runFolderPath } from '../results/run-folder.js';
import { REPORT_FILES, RUN_CHART, type RenderedReport } from './render-report.js';

export function writeRenderedReport(resultsDir: string, report: RenderedReport): void {
  for (const [runId, svg] of Object.entries(report.runCharts)) {
    writeFileAtomic(join(runFolderPath(resultsDir, runId), RUN_CHART), svg);
  }
  writeFolderAtomic(join(resultsDir, REPORT_FILES.charts), report.charts);
  for (const [name, text] of Object.entries(report.files)) writeFileAtomic(join(resultsDir, name), text);
}
