/**
 * experiment.json: what `report` needs besides the run folders to draw the report
 * again: the spec, the varying keys and the reported runs (id and hash) in plan order.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentSpec } from '../spec/types.js';

export const EXPERIMENT_FILE = 'experiment.json';

export interface ExperimentFile {
  format: 1;
  spec: ExperimentSpec;
  varying: string[];
  runs: { id: string; hash: string }[];
}

export function experimentJson(file: ExperimentFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** The experiment file of a results folder, or null when it is absent or not ours. */
export function readExperimentFile(resultsDir: string): ExperimentFile | null {
  const path = join(resultsDir, EXPERIMENT_FILE);
  if (!existsSync(path)) return null;
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as Partial<ExperimentFile>;
    const ok =
      file.format === 1 && typeof file.spec === 'object' && file.spec !== null &&
      Array.isArray(file.varying) && Array.isArray(file.runs) &&
      file.runs.every((r) => typeof r?.id === 'string' && typeof r?.hash === 'string');
    return ok ? (file as ExperimentFile) : null;
  } catch {
    return null;
  }
}
