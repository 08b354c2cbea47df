/**
 * The experiments of a results folder, read as they are on disk, finished or still running:
 * each child folder holding an experiment.json or a runs/ folder (or the folder itself, when
 * it is one experiment). A running experiment has no experiment.json yet, so its runs are
 * the run folders already written; a damaged one, or one that does not hold what its spec
 * plans (report/experiment-plan.ts, as `report` and `compare` check it), is shown with what is
 * wrong and its run folders as they are, never thrown.
 * A folder a symbolic link leads to outside the results folder is not read (as /files/ serves
 * nothing there).
 */
import { existsSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { TEMPORARY } from '../results/atomic.js';
import { isRunning, LOCK_FILE } from '../results/lock.js';
import { readTextWithoutBlocking } from '../results/read-opened.js';
import { RUNS_FOLDER } from '../results/run-folder.js';
import { isSafeId } from '../results/safe-id.js';
import type { RunResult } from '../results/types.js';
import { evaluationNames } from '../spec/evaluation-slices.js';
import type { DataSpec, SelectSpec } from '../spec/types.js';
import { EXPERIMENT_FILE, type ExperimentFile } from '../report/experiment-file.js';
import { notPlanned, readPlannedExperiment, recordProblem } from '../report/experiment-plan.js';
import { serveMessages as m } from './messages.js';
import { filesStamp, readRun } from './run-cache.js';
import { isUnder } from './safe-path.js';
import { sortedEntries } from '../results/folder-entries.js';

/** An experiment's folder and the name it has in URLs. */
export interface ExperimentFolder {
  id: string;
  dir: string;
  /** Its folder relative to the results folder, for /files/ addresses: '' or 'name/'. */
  path: string;
}

export type ExperimentStatus = 'running' | 'complete' | 'incomplete';

export interface Experiment extends ExperimentFolder {
  name: string;
  description: string;
  status: ExperimentStatus;
  /** Runs in the plan, when experiment.json says (null while the first run of a new experiment trains). */
  planned: number | null;
  /** The keys that vary across the runs, in the plan's order. */
  varying: string[];
  /** The evaluation slices, in the spec's order. */
  slices: string[];
  /** What "best" means (`report.select`), when experiment.json says; else the README's default. */
  select?: SelectSpec;
  /** The runs whose folders are whole, in plan order, then the others by name. */
  results: RunResult[];
  /** What is wrong with experiment.json, or null. */
  damaged: string | null;
}

const isFolder = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
const isExperimentFolder = (dir: string): boolean => existsSync(join(dir, EXPERIMENT_FILE)) || isFolder(join(dir, RUNS_FOLDER));

/** The experiments under `root`, by name; `root` alone when it is itself an experiment's folder. */
export function findExperiments(root: string): ExperimentFolder[] {
  if (isExperimentFolder(root)) return [{ id: safeName(basename(root)), dir: root, path: '' }];
  return sortedEntries(root)
    .filter((name) => isSafeId(name) && isFolder(join(root, name)) && isExperimentFolder(join(root, name)) && isUnder(root, join(root, name)))
    .map((name) => ({ id: name, dir: join(root, name), path: `${name}/` }));
}

export function findExperiment(root: string, id: string): ExperimentFolder | null {
  return findExperiments(root).find((e) => e.id === id) ?? null;
}

export function readExperiment(folder: ExperimentFolder): Experiment {
  let file: ExperimentFile | null = null;
  let damaged: string | null = null;
  try {
    file = plannedExperiment(folder.dir);
  } catch (error) {
    damaged = (error as Error).message;
  }
  let results = readRuns(folder.dir, file?.runs.map((r) => r.id) ?? []);
  const running = isLocked(folder.dir);
  // while a run is under way its folders are being replaced; once it is not, a listed run's folder of the listed hash must hold the planned settings
  const disagrees = file === null || running ? null : recordsProblem(file, results);
  if (disagrees !== null) {
    [file, damaged] = [null, notPlanned(folder.dir, disagrees).message];
    results = readRuns(folder.dir, []);
  }
  const first = results[0]?.run;
  return {
    ...folder,
    name: file?.spec.name ?? first?.config.experiment ?? folder.id,
    description: file?.spec.description ?? '',
    status: running ? 'running' : file && file.runs.every((r) => results.some((x) => x.run.id === r.id && x.run.hash === r.hash)) ? 'complete' : 'incomplete',
    planned: file?.runs.length ?? null,
    varying: file?.varying ?? unique(results.flatMap((r) => Object.keys(r.run.values))),
    slices: evaluationNamesOf(file?.spec.data ?? first?.config.data),
    ...(file?.spec.report.select ? { select: file.spec.report.select } : {}),
    results,
    damaged,
  };
}

const planned = new Map<string, { stamp: string; file: ExperimentFile | null; error: Error | null }>();

/** readPlannedExperiment, kept while experiment.json stays the same: planning a search of a hundred trials takes milliseconds, and pages ask often. */
function plannedExperiment(dir: string): ExperimentFile | null {
  const stamp = filesStamp([join(dir, EXPERIMENT_FILE)]);
  let kept = planned.get(dir);
  if (kept?.stamp !== stamp) {
    try {
      kept = { stamp, file: readPlannedExperiment(dir), error: null };
    } catch (error) {
      kept = { stamp, file: null, error: error as Error };
    }
    planned.set(dir, kept);
  }
  if (kept.error) throw kept.error;
  return kept.file;
}

/**
 * The first listed run whose folder says it holds the listed hash but records settings of another
 * (a config.json edited by hand), in words, or null. A folder of another hash holds another plan's
 * run: the listed one is missing, and the experiment incomplete.
 */
function recordsProblem(file: ExperimentFile, results: RunResult[]): string | null {
  for (const { id, hash } of file.runs) {
    const result = results.find((r) => r.run.id === id && r.run.hash === hash);
    const problem = result ? recordProblem(result, hash) : null;
    if (problem !== null) return problem;
  }
  return null;
}

/** The evaluation slices' names, none when neither experiment.json nor a run says. */
function evaluationNamesOf(data: DataSpec | undefined): string[] {
  return data ? evaluationNames(data) : [];
}

/** The status in words, for the pages. */
export function statusText(experiment: Experiment): string {
  if (experiment.damaged !== null) return m.damaged(experiment.damaged);
  return { running: m.statusRunning, complete: m.statusComplete, incomplete: m.statusIncomplete }[experiment.status];
}

/** Whole run folders (where they really are inside the experiment's): those experiment.json lists first, in its order, then any others by name. */
function readRuns(dir: string, planned: string[]): RunResult[] {
  const runs = join(dir, RUNS_FOLDER);
  const names = sortedEntries(runs).filter((name) => isSafeId(name) && !TEMPORARY.test(name) && isFolder(join(runs, name)) && isUnder(dir, join(runs, name)));
  const ordered = [...planned.filter((id) => names.includes(id)), ...names.filter((id) => !planned.includes(id))];
  return ordered.flatMap((id) => readRun(join(runs, id), id) ?? []);
}

/** Whether a live process holds the folder's lock (one on another host is taken as live). */
function isLocked(dir: string): boolean {
  try {
    // opened without blocking: a FIFO named .lock would otherwise hold the server in open() for good
    const holder = JSON.parse(readTextWithoutBlocking(join(dir, LOCK_FILE))) as { pid?: unknown; host?: unknown };
    return holder.host !== hostname() || (typeof holder.pid === 'number' && isRunning(holder.pid));
  } catch {
    return false;
  }
}

function safeName(name: string): string {
  return isSafeId(name) ? name : 'experiment';
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
