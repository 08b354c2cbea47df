/**
 * Hooks for tests of real faults, read from the environment; both do nothing unless set.
 *   RUN_EXPERIMENTS_TEST_HOLD_RENAME=FILE[:NAME]  before a folder (named NAME, if given) is
 *     renamed into place, say so on stderr and block until FILE exists: it widens the rename
 *     window for tests of two processes on one results folder, without sleeping.
 *   RUN_EXPERIMENTS_TEST_FS_ERROR=CODE:NAME  writing a file whose name is NAME fails with the
 *     OS error CODE (e.g. ENOSPC:model.bin), as a full disk would.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { constants } from 'node:os';

const HOLD_POLL_MS = 20;

export function beforeFolderRename(dir: string): void {
  const [file, name] = (process.env.RUN_EXPERIMENTS_TEST_HOLD_RENAME ?? '').split(':');
  if (!file || (name !== undefined && basename(dir) !== name)) return;
  process.stderr.write(`test hook: holding before renaming ${dir} into place until ${file} exists\n`);
  blockUntilExists(file);
}

/**
 * Blocks this thread, as long synchronous work would, until `file` exists (forever for ''),
 * looking every HOLD_POLL_MS: every test hook that holds a process in place waits this way.
 */
export function blockUntilExists(file: string): void {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  while (!existsSync(file)) Atomics.wait(cell, 0, 0, HOLD_POLL_MS);
}

export function beforeFileWrite(path: string): void {
  const [code, name] = (process.env.RUN_EXPERIMENTS_TEST_FS_ERROR ?? '').split(':');
  if (!code || basename(path) !== name) return;
  const errno = (constants.errno as Record<string, number>)[code];
  throw Object.assign(new Error(`${code}: injected, write '${path}'`), { code, errno: errno === undefined ? undefined : -errno, path });
}
