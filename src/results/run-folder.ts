/**
 * results/<name>/runs/<run id>/: one finished run, written as a whole folder at once.
 * The runner writes it as each run finishes and reads it back to skip runs whose
 * results are already there (same hash, completed or diverged).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFolderAtomic, type FileData } from './atomic.js';
import { parseRunFiles, runFileContents, RUN_FILES } from './run-files.js';
import type { RunResult } from './types.js';

export function runFolderPath(resultsDir: string, runId: string): string {
  return join(resultsDir, 'runs', runId);
}

/**
 * Writes metrics.csv, evaluations.csv and config.json, plus any `extraFiles`
 * (e.g. model.json, model.bin), replacing the run's old folder as a whole.
 */
export function writeRunFolder(
  resultsDir: string,
  result: RunResult,
  extraFiles: Record<string, FileData> = {},
): void {
  writeFolderAtomic(runFolderPath(resultsDir, result.run.id), { ...extraFiles, ...runFileContents(result) });
}

/** The run's results as written, or null when the folder is absent, incomplete or unreadable. */
export function readRunFolder(resultsDir: string, runId: string): RunResult | null {
  const folder = runFolderPath(resultsDir, runId);
  const files: Record<string, string> = {};
  for (const name of Object.values(RUN_FILES)) {
    const path = join(folder, name);
    if (!existsSync(path)) return null;
    files[name] = readFileSync(path, 'utf8');
  }
  const result = parseRunFiles(files);
  return result && result.run.id === runId ? result : null;
}
