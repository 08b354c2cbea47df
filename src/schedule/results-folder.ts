/**
 * The results folder as a whole, before any run: made (or refused when it is a file,
 * /dev/null or not writable, exit 2 before training), and the folders under runs/ of runs
 * no longer in the plan listed, or removed with --prune (those and nothing else).
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FileSystemError } from '../errors.js';
import { EXPERIMENT_FILE } from '../report/experiment-file.js';
import { checkPictureFolders } from '../report/picture-folders.js';
import { REPORT_FILES } from '../report/report-files.js';
import { makeFolders, TEMPORARY } from '../results/atomic.js';
import { explainFs } from '../results/fs-errors.js';
import { LOCK_FILE } from '../results/lock.js';
import { resultsMessages } from '../results/messages.js';
import { readTextWithoutBlocking } from '../results/read-opened.js';
import { RUNS_FOLDER } from '../results/run-folder.js';
import { VERIFIED_FILE } from '../results/verified-runs.js';
import type { Plan } from '../spec/types.js';
import { cacheMessages as cm } from './cache-messages.js';
import { CHECKPOINTS_FOLDER } from './checkpoints.js';

/** What only a results folder holds, even one whose first run was interrupted: one of these says the folder is ours to write. */
const RESULTS_MARKS = [EXPERIMENT_FILE, RUNS_FOLDER, CHECKPOINTS_FOLDER, LOCK_FILE, VERIFIED_FILE];

/**
 * Makes the results folder if needed (true when it did); refused when it is a file, /dev/null,
 * read-only... or a folder of other files (`--out .`, `--out src`: the report would write its
 * README.md over theirs), or another experiment's results (`name`, the plan's, differs from
 * its experiment.json's: its runs of the same ids would be replaced), exit 2 before any training. Hidden files (a `.gitignore` of the
 * user's, `.DS_Store`) do not make a folder someone else's.
 */
export function makeResultsFolder(dir: string, name: string): boolean {
  const stat = explainFs(() => statSync(dir, { throwIfNoEntry: false }), (reason) => resultsMessages.notWritable(dir, reason));
  if (stat && !stat.isDirectory()) throw new FileSystemError(resultsMessages.notAFolder(dir));
  if (stat) {
    const names = explainFs(() => readdirSync(dir), (reason) => resultsMessages.notWritable(dir, reason));
    const others = names.filter((entry) => !entry.startsWith('.')).sort();
    if (others.length > 0 && !names.some((entry) => RESULTS_MARKS.includes(entry))) throw new FileSystemError(resultsMessages.notResultsFolder(dir, others[0]));
    const other = experimentNamed(join(dir, EXPERIMENT_FILE));
    if (other !== null && other !== name) throw new FileSystemError(resultsMessages.otherExperiment(dir, name, other));
    // a picture folder that is a link would have the report write and delete wherever it leads: refused before training
    checkPictureFolders(dir);
    // a file where a folder goes would fail only after training, at the first write into it
    for (const folder of [RUNS_FOLDER, CHECKPOINTS_FOLDER, REPORT_FILES.charts]) {
      const path = join(dir, folder);
      if (names.includes(folder) && !statSync(path).isDirectory()) throw new FileSystemError(resultsMessages.notAFolder(path));
    }
    return false;
  }
  explainFs(() => makeFolders(dir), (reason) => resultsMessages.notWritable(dir, reason));
  return true;
}

/**
 * The experiment name in a results folder's experiment.json, or null when there is none to
 * read: a damaged file is the run's to rewrite (the report refuses it, not the run).
 */
function experimentNamed(path: string): string | null {
  try {
    const name = (JSON.parse(readTextWithoutBlocking(path)) as { spec?: { name?: unknown } } | null)?.spec?.name;
    return typeof name === 'string' ? name : null;
  } catch {
    return null;
  }
}

/** Folders under runs/ of runs not in the plan: listed, or removed with --prune (those and nothing else). */
export function foldersOutsideThePlan(resultsDir: string, plan: Plan, prune: boolean, say: (line: string) => void): void {
  const runsDir = join(resultsDir, RUNS_FOLDER);
  const planned = new Set(plan.runs.map((run) => run.id));
  let names: string[];
  try {
    names = readdirSync(runsDir).sort();
  } catch {
    return;
  }
  const others = names.filter((name) => !planned.has(name) && !TEMPORARY.test(name) && statSync(join(runsDir, name), { throwIfNoEntry: false })?.isDirectory());
  if (others.length === 0) return;
  if (!prune) return say(cm.notInPlan(others));
  for (const name of others) {
    const path = join(runsDir, name);
    explainFs(() => rmSync(path, { recursive: true, force: true }), (reason) => resultsMessages.cannotRemove(path, reason));
  }
  say(cm.pruned(others));
}
