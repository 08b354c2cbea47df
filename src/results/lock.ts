/**
 * One writer per results folder: `<dir>/.lock`, created with O_EXCL, holds the pid, host
 * and start time of the process writing there. A second process says who holds it (the
 * caller exits 2) or, asked to wait, polls until it is free. The lock of a process that is
 * gone (same host, pid not running) is taken over. The lock goes when its holder releases
 * it or exits.
 */
import { closeSync, lstatSync, openSync, renameSync, rmdirSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { FileSystemError, UserError } from '../errors.js';
import { isOsError, osReason } from './fs-errors.js';
import { resultsMessages as m } from './messages.js';
import { NotRegularFile, readTextWithoutBlocking } from './read-opened.js';

export const LOCK_FILE = '.lock';
const POLL_MS = 200;

interface Holder {
  pid: number;
  host: string;
  started: string;
}

export interface LockOptions {
  /** Wait for the holder to end instead of refusing. */
  wait?: boolean;
  /** Hears "waiting for..." and "taking over...", once each. */
  say?: (line: string) => void;
  /** Stop waiting (an interruption): the lock is then not taken and `lockFolder` resolves null. */
  stopped?: () => boolean;
  /** The caller made `dir` just now: releasing the lock removes it again if nothing else was written there. */
  madeFolder?: boolean;
}

export interface FolderLock {
  release(): void;
}

/** Takes the lock of `dir` (which must exist), or throws a UserError saying who holds it. */
export async function lockFolder(dir: string, options: LockOptions = {}): Promise<FolderLock | null> {
  const path = join(dir, LOCK_FILE);
  let said = false;
  for (;;) {
    if (options.stopped?.()) return null;
    const me: Holder = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
    if (create(path, me, dir)) return held(dir, me, options.madeFolder === true);
    const text = readHolderText(path);
    if (text === null) {
      // released between our two looks; or a symbolic link to nothing, which the create finds and the read does not
      if (lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) throw new FileSystemError(m.cannotRead(path, m.lockLink));
      continue;
    }
    const holder = parseHolder(text);
    // gone, or its pid is ours now (we have not taken the lock yet, so it is not ours)
    if (holder && holder.host === me.host && (holder.pid === me.pid || !isRunning(holder.pid))) {
      options.say?.(m.staleLock(describe(holder)));
      takeOver(path, text);
      continue;
    }
    // a process on another host cannot be looked for: a container started anew under another name may have left it
    if (!options.wait) {
      throw new UserError(!holder ? m.lockUnreadable(path) : holder.host === me.host ? m.locked(dir, describe(holder)) : m.lockedElsewhere(dir, describe(holder), path));
    }
    if (!said) options.say?.(m.waiting(dir, holder ? describe(holder) : 'another process'));
    said = true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function create(path: string, me: Holder, dir: string): boolean {
  try {
    const fd = openSync(path, 'wx');
    try {
      writeSync(fd, `${JSON.stringify(me)}\n`);
    } catch (error) {
      rmSync(path, { force: true });
      throw error;
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    if (isOsError(error)) throw new FileSystemError(m.notWritable(dir, osReason(error)));
    throw error;
  }
}

function held(dir: string, me: Holder, madeFolder: boolean): FolderLock {
  const path = join(dir, LOCK_FILE);
  const release = (): void => {
    process.off('exit', release);
    // only our own lock: never one another process took over
    if (parseHolder(readHolderText(path) ?? '')?.pid !== me.pid) return;
    rmSync(path, { force: true });
    try {
      if (madeFolder) rmdirSync(dir);
    } catch {
      // not empty: results were written
    }
  };
  process.on('exit', release);
  return { release };
}

function readHolderText(path: string): string | null {
  try {
    return readTextWithoutBlocking(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if (error instanceof NotRegularFile) throw new FileSystemError(m.cannotRead(path, error.message));
    if (isOsError(error)) throw new FileSystemError(m.cannotRead(path, osReason(error)));
    throw error;
  }
}

function parseHolder(text: string): Holder | null {
  try {
    const h = JSON.parse(text) as Partial<Holder>;
    return Number.isSafeInteger(h.pid) && typeof h.host === 'string' && typeof h.started === 'string' ? (h as Holder) : null;
  } catch {
    return null;
  }
}

function describe(holder: Holder): string {
  return m.holder(holder.pid, holder.host, holder.started);
}

/**
 * Moves the stale lock aside and removes it. If another process took it over between our
 * look and the move, what we moved is its fresh lock: it is put back.
 */
function takeOver(path: string, staleText: string): void {
  const aside = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new FileSystemError(m.cannotRemove(path, osReason(error)));
  }
  if (readHolderText(aside) === staleText) unlinkSync(aside);
  else renameSync(aside, path);
}
