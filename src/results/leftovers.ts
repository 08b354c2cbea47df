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

export interface SweepOptions {
  /** Whether a left-over run folder holds a whole run, as the cache would trust it. */
  isCompleteRun: (folder: string, runId: string) => boolean;
  say: (line: string) => void;
}

export function sweepLeftovers(dir: string, options: SweepOptions): void {
  sweep(dir, () => true, options.say);
  const runs = join(dir, RUNS_FOLDER);
  sweep(runs, options.isCompleteRun, options.say);
  for (const name of entries(runs)) {
    const folder = join(runs, name);
    if (!TEMPORARY.test(name) && isFolder(folder)) sweep(folder, () => false, options.say);
  }
}

function sweep(dir: string, isComplete: (folder: string, base: string) => boolean, say: (line: string) => void): void {
  const names = entries(dir);
  for (const name of names) {
    const match = TEMPORARY.exec(name);
    if (!match) continue;
    const pid = Number(match[2]);
    if (pid !== process.pid && isRunning(pid)) continue;
    const path = join(dir, name);
    const base = name.slice(0, match.index);
    if (match[1] === 'old' && !entries(dir).includes(base) && isFolder(path) && isComplete(path, base)) {
      explainFs(() => renameSync(path, join(dir, base)), (reason) => m.cannotWrite(join(dir, base), reason));
      say(m.recoveredFolder(path, join(dir, base)));
    } else {
      explainFs(() => rmSync(path, { recursive: true, force: true }), (reason) => m.cannotRemove(path, reason));
      say(m.removedLeftover(path));
    }
  }
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function isFolder(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
