/**
 * Tells the pages when an experiment's files change: a run folder lands, experiment.json is
 * written, the lock comes or goes. fs.watch wakes it at once; a check every second catches what
 * a file system does not report. Either way it compares a signature of the folder (names, sizes
 * and times), so one change is one event, however many notices the system sends.
 */
import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { EXPERIMENT_FILE } from '../report/experiment-file.js';
import { TEMPORARY } from '../results/atomic.js';
import { LOCK_FILE } from '../results/lock.js';
import { RUN_FILES } from '../results/run-files.js';
import { RUNS_FOLDER } from '../results/run-folder.js';

export const CHECK_EVERY_MS = 1000;

export interface FolderWatch {
  close(): void;
}

export function watchExperiment(dir: string, onChange: () => void): FolderWatch {
  let last = signature(dir);
  const watchers = new Map<string, FSWatcher>();
  const check = (): void => {
    follow();
    const now = signature(dir);
    if (now === last) return;
    last = now;
    onChange();
  };
  const follow = (): void => {
    for (const path of [dir, join(dir, RUNS_FOLDER)]) {
      if (watchers.has(path)) continue;
      try {
        watchers.set(path, watch(path, check).on('error', () => watchers.delete(path)));
      } catch {
        // not there yet (runs/ before the first run lands): the next check tries again
      }
    }
  };
  follow();
  const timer = setInterval(check, CHECK_EVERY_MS);
  return {
    close() {
      clearInterval(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

/** What the pages show changes only when this does. */
function signature(dir: string): string {
  const runs = join(dir, RUNS_FOLDER);
  const stamp = (path: string): string => {
    const stat = statSync(path, { throwIfNoEntry: false });
    return stat ? `${stat.size}@${stat.mtimeMs}` : '-';
  };
  let names: string[] = [];
  try {
    // a run folder being written (`<id>.tmp-<pid>`) is not there until it is renamed whole
    names = readdirSync(runs).filter((name) => !TEMPORARY.test(name)).sort();
  } catch {
    // no runs yet
  }
  return JSON.stringify([
    stamp(join(dir, EXPERIMENT_FILE)),
    stamp(join(dir, LOCK_FILE)),
    names.map((name) => [name, stamp(join(runs, name, RUN_FILES.config))]),
  ]);
}
