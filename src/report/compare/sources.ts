/**
 * What `compare` compares: runs of finished experiments, named `DIR` (every run of the
 * results folder DIR) or `DIR:RUN` (one run). Each is read and checked as `report` reads
 * a results folder: a missing folder, a damaged experiment.json or one that does not hold
 * what its spec plans (experiment-plan.ts), an unknown run or a run folder that does not hold
 * its results is a UserError naming the file.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { danglingLinkWords } from '../../core/read-file.js';
import type { RunResult } from '../../results/types.js';
import { EXPERIMENT_FILE, type ExperimentFile } from '../experiment-file.js';
import { readPlannedExperiment } from '../experiment-plan.js';
import { reportMessages } from '../messages.js';
import { readListedRun, ResultsFolderError } from '../render-from-disk.js';

export interface ComparedRun {
  /** `experiment/run`: the run's name in the comparison. */
  label: string;
  /** The results folder as the user wrote it. */
  dir: string;
  experiment: ExperimentFile;
  result: RunResult;
}

/** `DIR` or `DIR:RUN`; a folder whose name holds a colon is taken whole when it exists. */
export function parseSource(source: string, cwd: string): { dir: string; run: string | null } {
  const colon = source.lastIndexOf(':');
  if (colon <= 0 || isFolder(resolve(cwd, source))) return { dir: source, run: null };
  return { dir: source.slice(0, colon), run: source.slice(colon + 1) };
}

export function readSources(sources: string[], cwd: string): ComparedRun[] {
  const runs: ComparedRun[] = [];
  for (const source of sources) {
    const { dir, run } = parseSource(source, cwd);
    const path = resolve(cwd, dir);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) throw new ResultsFolderError(reportMessages.reportDirMissing(dir, danglingLinkWords(path)));
    if (!stat.isDirectory()) throw new ResultsFolderError(reportMessages.reportNotADir(dir));
    const experiment = readPlannedExperiment(path);
    if (!experiment) throw new ResultsFolderError(reportMessages.reportNotResultsDir(dir, EXPERIMENT_FILE));
    const ids = experiment.runs.map((r) => r.id);
    if (run !== null && !ids.includes(run)) throw new ResultsFolderError(reportMessages.reportUnknownRun(dir, run, ids));
    for (const { id, hash } of experiment.runs) {
      if (run !== null && id !== run) continue;
      const result = readListedRun(path, dir, id, hash);
      const label = `${experiment.spec.name}/${id}`;
      const before = runs.find((r) => r.label === label);
      if (before) {
        // the same run given twice, or one of another folder that holds an experiment of the same name
        const same = resolve(cwd, before.dir) === path;
        throw new ResultsFolderError(same ? reportMessages.compareTwice(label) : reportMessages.compareSameName(label, before.dir, dir));
      }
      runs.push({ label, dir, experiment, result });
    }
  }
  return runs;
}

function isFolder(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
