/**
 * Writes a rendered report into a results folder, every file atomically, and only files
 * whose text changed (line endings aside, so a checkout with CRLF endings is left alone).
 * A run's chart goes into its folder only when that folder is there: the report never
 * creates, deletes or rewrites a run's results.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic, writeFolderAtomic } from '../results/atomic.js';
import { runFolderPath } from '../results/run-folder.js';
import { RUN_FILES } from '../results/run-files.js';
import { REPORT_FILES, RUN_CHART, type RenderedReport } from './render-report.js';

export function writeRenderedReport(resultsDir: string, report: RenderedReport): void {
  for (const [runId, svg] of Object.entries(report.runCharts)) {
    const folder = runFolderPath(resultsDir, runId);
    if (existsSync(join(folder, RUN_FILES.config))) writeIfChanged(join(folder, RUN_CHART), svg);
  }
  const charts = join(resultsDir, REPORT_FILES.charts);
  if (!Object.entries(report.charts).every(([name, svg]) => sameText(join(charts, name), svg))) writeFolderAtomic(charts, report.charts);
  for (const [name, text] of Object.entries(report.files)) writeIfChanged(join(resultsDir, name), text);
}

/** Writes `text` to `path` unless the file already holds it (CRLF read as LF). */
export function writeIfChanged(path: string, text: string): void {
  if (!sameText(path, text)) writeFileAtomic(path, text);
}

function sameText(path: string, text: string): boolean {
  try {
    return readFileSync(path, 'utf8').replace(/\r\n/g, '\n') === text;
  } catch {
    return false;
  }
}
