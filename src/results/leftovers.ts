/**
 * What a killed process leaves in a results folder: `<name>.tmp-<pid>` (being written) and
 * `<name>.old-<pid>` (a folder being replaced). Swept at start, under the folder's lock, for
 * processes that are gone: a `.old-<pid>` run folder whose run folder is missing (a
 * `--force` killed between its two renames) is renamed back when it is complete; every
 * other leftover is removed.
 */
import { readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPORARY } from './atomic.js';
import { explainFs } from './fs-errors.js';
import { isRunning } from './lock.js';
import { resultsMessages as m } from './messages.js';
import { RUNS_FOLDER } from './run-folder.js';
import { sortedEntries } from './folder-entries.js';

export interface SweepOptions {
  /** Whether a left-over run folder holds a whole run, as the cache would trust it. */
  isCompleteRun: (folder: string, runId: string) => boolean;
  say: (line: string) => void;
}

/**
 * Sweeps, and gives back what each folder under runs/ holds afterwards (its file names,
 * sorted), so that the cache check need not list the folders a second time.
 */
export function sweepLeftovers(dir: string, options: SweepOptions): Map<string, string[]> {
  sweep(dir, () => true, options.say);
  const runs = join(dir, RUNS_FOLDER);
  sweep(runs, options.isCompleteRun, options.say);
  const listing = new Map<string, string[]>();
  for (const name of folders(runs)) {
    if (!TEMPORARY.test(name)) listing.set(name, sweep(join(runs, name), () => false, options.say));
  }
  return listing;
}

/** Removes (or renames back) the leftovers of gone processes in `dir`; the names it holds then. */
function sweep(dir: string, isComplete: (folder: string, base: string) => boolean, say: (line: string) => void): string[] {
  const names = sortedEntries(dir);
  let changed = false;
  for (const name of names) {
    const match = TEMPORARY.exec(name);
    if (!match) continue;
    const pid = Number(match[2]);
    if (pid !== process.pid && isRunning(pid)) continue;
    const path = join(dir, name);
    changed = true;
    const base = name.slice(0, match.index);
    if (match[1] === 'old' && !sortedEntries(dir).includes(base) && isFolder(path) && isComplete(path, base)) {
      explainFs(() => renameSync(path, join(dir, base)), (reason) => m.cannotWrite(join(dir, base), reason));
      say(m.recoveredFolder(path, join(dir, base)));
    } else {
      explainFs(() => rmSync(path, { recursive: true, force: true }), (reason) => m.cannotRemove(path, reason));
      say(m.removedLeftover(path));
    }
  }
  return changed ? sortedEntries(dir) : names;
}

/** The subfolders of `dir` (or links to folders), by name, sorted: one listing, a stat only for a link. */
function folders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() || (entry.isSymbolicLink() && isFolder(join(dir, entry.name))))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

function isFolder(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
