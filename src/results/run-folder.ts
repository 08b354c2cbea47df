/**
 * results/<name>/runs/<run id>/: one finished run, written as a whole folder at once.
 * The runner writes it as each run finishes and reads it back to skip runs whose
 * results are already there (same hash, completed or diverged).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFolderAtomic, type FileData } from './atomic.js';
import { notCsv } from './csv.js';
import { osReason } from './fs-errors.js';
import { NotRegularFile, readTextWithoutBlocking } from './read-opened.js';
import { resultsMessages as m } from './messages.js';
import { csvChanged, isProblem, parseRunFiles, recordedCsvSha256, runFileContents, RUN_FILES, unrecordedCsvFiles } from './run-files.js';
import { assertSafeId } from './safe-id.js';
import type { RunResult } from './types.js';

export const RUNS_FOLDER = 'runs';

/** The folder of a run; an id that is not a safe folder name (e.g. `../x`) is refused, never joined. */
export function runFolderPath(resultsDir: string, runId: string): string {
  return join(resultsDir, RUNS_FOLDER, assertSafeId(runId, join(resultsDir, RUNS_FOLDER)));
}

/**
 * Writes metrics.csv, evaluations.csv and config.json, plus any `extraFiles`
 * (e.g. the model, the confusion and mistakes CSVs), replacing the run's old folder as a
 * whole; returns every file written, by name.
 */
export function writeRunFolder(
  resultsDir: string,
  result: RunResult,
  extraFiles: Record<string, FileData> = {},
): Record<string, FileData> {
  const files = { ...extraFiles, ...runFileContents(result, extraFiles) };
  writeFolderAtomic(runFolderPath(resultsDir, result.run.id), files);
  return files;
}

/**
 * The results in a run's folder, or what is wrong with its metrics.csv, evaluations.csv and
 * config.json (the other files are the runner's to check: schedule/run-check.ts). `read`:
 * the files' text by name, when the caller has read them already.
 */
export function inspectRunFolder(folder: string, runId: string, read: (name: string) => ReturnType<typeof readText> = (name) => readText(join(folder, name))): RunResult | { problem: string } {
  const files: Record<string, string> = {};
  for (const name of Object.values(RUN_FILES)) {
    const text = read(name);
    if (text === null) return { problem: m.missingFile(name) };
    if (typeof text !== 'string') return { problem: m.unreadableFile(name, text.reason) };
    files[name] = text;
  }
  const result = parseRunFiles(files);
  if (!isProblem(result) && result.run.id !== runId) return { problem: m.otherRun(RUN_FILES.config, result.run.id) };
  return result;
}

/**
 * What is wrong with a run folder's CSV files beyond metrics.csv and evaluations.csv (which
 * inspectRunFolder checks) by the SHA-256 of their cells that its config.json records: a CSV
 * file it does not record, or one whose cells differ; null when none is (or the folder was
 * written before config.json recorded them). Their own checks (a confusion matrix's total,
 * the mistakes' indices) are the runner's (schedule/run-check.ts).
 */
export function csvRecordProblem(folder: string): string | null {
  const configText = readText(join(folder, RUN_FILES.config));
  if (configText === null) return m.missingFile(RUN_FILES.config);
  if (typeof configText !== 'string') return m.unreadableFile(RUN_FILES.config, configText.reason);
  const recorded = recordedCsvSha256(configText);
  if (recorded === null) return null;
  let names: string[];
  try {
    names = readdirSync(folder).sort();
  } catch (error) {
    return m.cannotRead(folder, osReason(error));
  }
  const unrecorded = unrecordedCsvFiles({ csv_sha256: recorded }, names);
  if (unrecorded.length > 0) return m.notRecorded(unrecorded[0]);
  for (const name of Object.keys(recorded).filter((n) => n !== RUN_FILES.metrics && n !== RUN_FILES.evaluations)) {
    const text = readText(join(folder, name));
    if (text === null) return m.missingFile(name);
    if (typeof text !== 'string') return m.unreadableFile(name, text.reason);
    try {
      const changed = csvChanged({ csv_sha256: recorded }, name, text);
      if (changed !== null) return changed;
    } catch (error) {
      return m.badCsv(name, notCsv(error));
    }
  }
  return null;
}

/** A file's text; null when it is not there; the OS's reason when it cannot be read (a FIFO's: it is not read). */
export function readText(path: string): string | null | { reason: string } {
  try {
    return readTextWithoutBlocking(path);
  } catch (error) {
    if (error instanceof NotRegularFile) return { reason: error.message };
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    return { reason: osReason(error) };
  }
}
