/**
 * Which spec file a results folder holds the results of, so that two spec files of one
 * `name` do not mix their runs in one results/<name>/. The path is recorded relative to
 * the folder (a clone, or the project moved whole, keeps it), in the folder's uncommitted
 * record (results/verified-runs.ts), and checked before anything is written. A spec file
 * moved or renamed (nothing at the recorded path any more) is the same experiment: its runs
 * stay cached, and its new path is recorded in place of the old.
 */
import { realpathSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { readTextWithoutBlocking } from '../results/read-opened.js';

/** `specFile` as recorded for `resultsDir`: the real path of one relative to the real path of the other; undefined when either is gone. */
export function recordedSpecFile(resultsDir: string, specFile: string): string | undefined {
  try {
    return relative(realpathSync(resultsDir), realpathSync(specFile));
  } catch {
    return undefined;
  }
}

/**
 * The other spec file whose results `resultsDir` holds (`recorded`, relative to it), or null:
 * null when none is recorded, when it is `specFile` itself (by real path, or the same file
 * linked twice), when nothing is there any more (moved or renamed), or when that file now
 * names another experiment (its results go elsewhere now).
 */
export function otherSpecFile(resultsDir: string, recorded: string | null, specFile: string, name: string): string | null {
  if (recorded === null) return null;
  try {
    const other = realpathSync(resolve(realpathSync(resultsDir), recorded));
    const [a, b] = [statSync(other), statSync(specFile)];
    if (!a.isFile() || other === realpathSync(specFile) || (a.dev === b.dev && a.ino === b.ino)) return null;
    return namedIn(other) === name ? other : null;
  } catch {
    return null;
  }
}

/** The `name` a spec file gives, or null when it gives none or cannot be read. */
function namedIn(path: string): unknown {
  const value = parse(readTextWithoutBlocking(path), { logLevel: 'silent' }) as { name?: unknown } | null;
  return value?.name ?? null;
}
