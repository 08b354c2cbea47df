/**
 * The results folder's .gitignore, written with the report: what the folder does not commit.
 * Its caches and the leftovers of an interrupted run, and the models of the runs the report
 * does not draw up close (kept-models.ts). A .gitignore of the user's own (one that does not
 * start with this file's first line) is left alone.
 */
import { join } from 'node:path';
import { MODEL_SAFETENSORS } from '../model/safetensors.js';
import { RUNS_FOLDER } from '../results/run-folder.js';
import { VERIFIED_FILE } from '../results/verified-runs.js';
import { GITIGNORE } from './report-files.js';
import { readTextIfThere, writeIfChanged } from './write-files.js';

const FIRST_LINE = '# Written by run-experiments with the report: what this results folder does not commit.';

export function resultsGitignore(keptModels: readonly string[] | null): string {
  const lines = [
    FIRST_LINE,
    '# Caches, and what an interrupted run leaves behind:',
    '/.lock',
    `/${VERIFIED_FILE}`,
    '/checkpoints/',
    '*.tmp-*',
    '*.old-*',
  ];
  if (keptModels !== null) {
    lines.push(
      '# The models of the runs the report does not draw up close stay on the machine that trained',
      '# them; a clone counts those runs as cached. To get one, delete its run folder and run the spec.',
      `/${RUNS_FOLDER}/*/${MODEL_SAFETENSORS}`,
      ...keptModels.map((id) => `!/${RUNS_FOLDER}/${id}/${MODEL_SAFETENSORS}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Writes the folder's .gitignore when it changed, unless the file there is not the report's. */
export function writeResultsGitignore(resultsDir: string, keptModels: readonly string[] | null): void {
  const path = join(resultsDir, GITIGNORE);
  const existing = readTextIfThere(path);
  if (existing !== null && !existing.startsWith(FIRST_LINE)) return;
  writeIfChanged(path, resultsGitignore(keptModels), existing);
}
