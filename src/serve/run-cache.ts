/**
 * Run folders as read, kept while their files stay the same: a page asks again at every
 * change of a running experiment, and a grid of hundreds of runs of thousands of iterations
 * is seconds of CSV parsing. A run folder is replaced whole (renamed into place), so a
 * file's inode, size and time tell whether it changed.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { inspectRunFolder } from '../results/run-folder.js';
import { isProblem, RUN_FILES } from '../results/run-files.js';
import type { RunResult } from '../results/types.js';

const kept = new Map<string, { stamp: string; result: RunResult | null }>();

/** The results in a run's folder, or null when it is incomplete or damaged (as `run` would retrain it). */
export function readRun(folder: string, id: string): RunResult | null {
  const stamp = filesStamp(Object.values(RUN_FILES).map((name) => join(folder, name)));
  const hit = kept.get(folder);
  if (hit?.stamp === stamp) return hit.result;
  const found = inspectRunFolder(folder, id);
  const result = isProblem(found) ? null : found;
  kept.set(folder, { stamp, result });
  return result;
}

/**
 * What tells whether files changed since they were read: each one's inode (a folder replaced
 * whole), size, modification and change times (a file written over in place); '-' for one
 * that is not there.
 */
export function filesStamp(paths: string[]): string {
  return paths
    .map((path) => {
      const stat = statSync(path, { throwIfNoEntry: false });
      return stat ? `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}` : '-';
    })
    .join('|');
}
