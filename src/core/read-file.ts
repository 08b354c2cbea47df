/**
 * Reading a whole file safely: only a regular file, and only up to a size limit. A device
 * (/dev/zero never ends), a FIFO (blocks until someone writes), a folder or a socket is
 * refused before it is read, and so is a file larger than the limit the caller gives.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { getSystemErrorMap } from 'node:util';

/** Why a file was not read, in words (the caller names the file). */
export class FileReadError extends Error {
  override name = 'FileReadError';
  constructor(
    readonly reason: string,
    /** The operating system's code (ENOENT, EACCES, ...), when it refused. */
    readonly code?: string,
  ) {
    super(reason);
  }
}

export const readFileMessages = {
  notRegular: (kind: string) => `not a regular file (it is ${kind})`,
  tooLarge: (size: number, limit: number, what: string) =>
    `the file is ${bytesText(size)}, more than the ${bytesText(limit)} ${what} may have`,
  /** After the link's name: `spec.yaml: ` + this. `end`: the missing path a chain of links ends at, when not `target` itself. */
  danglingLink: (target: string, end: string | null) =>
    `a dangling symbolic link to '${target}'${end === null ? '' : `, whose chain of links ends at '${end}'`}, which does not exist`,
} as const;

/** 1 MiB, 3.2 GiB, 512 bytes. */
export function bytesText(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  if (bytes < 1024) return `${bytes} bytes`;
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toPrecision(3))} ${units[unit]}`;
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

/**
 * The system's refusal in words, "too many symbolic links encountered (ELOOP)", or null for
 * an error without a known errno: Node's own message repeats the path and names the call
 * ("ELOOP: ..., stat '/x/y'"), and the caller names the file already.
 */
export function systemErrorWords(error: unknown): string | null {
  const e = error as NodeJS.ErrnoException | null;
  const known = typeof e?.errno === 'number' ? getSystemErrorMap().get(e.errno) : undefined;
  if (known) return `${known[1]} (${known[0]})`;
  const words = typeof e?.code === 'string' && Object.hasOwn(UNMAPPED_WORDS, e.code) ? UNMAPPED_WORDS[e.code] : undefined;
  return words ? `${words} (${e!.code})` : null;
}

/** Refusals a network or quota file system gives that libuv's map (getSystemErrorMap) has no words for. */
const UNMAPPED_WORDS: Record<string, string> = {
  EDQUOT: 'disk quota exceeded',
  ESTALE: 'stale file handle (the file changed on the server)',
};

/** Links followed before giving up, as Linux does (MAXSYMLINKS); past it the system says ELOOP, not ENOENT. */
const MAX_LINKS = 40;

/**
 * Why `path`, which the system says is not there (ENOENT), is not: when it is a symbolic link
 * whose target (or the end of whose chain of links) does not exist, that in words
 * (readFileMessages.danglingLink); null when there is no link at `path` at all. Every reader
 * of a file or folder a user names asks this before calling it missing.
 */
export function danglingLinkWords(path: string): string | null {
  let target: string;
  try {
    if (!lstatSync(path).isSymbolicLink()) return null;
    target = readlinkSync(path);
  } catch {
    return null;
  }
  let at = resolve(dirname(path), target);
  for (let hop = 0; hop < MAX_LINKS; hop++) {
    const stats = lstatSync(at, { throwIfNoEntry: false });
    if (!stats?.isSymbolicLink()) break;
    try {
      at = resolve(dirname(at), readlinkSync(at));
    } catch {
      break;
    }
  }
  return readFileMessages.danglingLink(target, at === resolve(dirname(path), target) ? null : at);
}

/** The system's refusal as a FileReadError; a dangling link is not "no such file" (and has no ENOENT code: it is there). */
function osError(error: unknown, path: string): FileReadError {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') {
    const dangling = danglingLinkWords(path);
    return dangling === null ? new FileReadError('no such file', e.code) : new FileReadError(dangling);
  }
  return new FileReadError(systemErrorWords(e) ?? e.message, e.code);
}

/** Throws FileReadError unless `path` is a regular file of at most `maxBytes`; `what` names the kind in the message ("a spec file"). */
export function checkRegularFile(path: string, maxBytes: number, what: string): Stats {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw osError(error, path);
  }
  if (!stats.isFile()) throw new FileReadError(readFileMessages.notRegular(kindOf(stats)));
  if (stats.size > maxBytes) throw new FileReadError(readFileMessages.tooLarge(stats.size, maxBytes, what));
  return stats;
}

/**
 * The bytes of `path`, a regular file of at most `maxBytes` (bytes `start`.. only, up to
 * `length`, when given). Opened without blocking and checked again once open, so a file
 * swapped for a FIFO in between is refused too.
 */
export function readRegularFile(path: string, maxBytes: number, what: string, range?: { start: number; length: number }): Buffer {
  checkRegularFile(path, maxBytes, what);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw osError(error, path);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new FileReadError(readFileMessages.notRegular(kindOf(stats)));
    if (stats.size > maxBytes) throw new FileReadError(readFileMessages.tooLarge(stats.size, maxBytes, what));
    const start = range ? Math.min(range.start, stats.size) : 0;
    const length = range ? Math.min(range.length, stats.size - start) : stats.size;
    const bytes = Buffer.alloc(length);
    let filled = 0;
    while (filled < length) {
      const read = readSync(fd, bytes, filled, length - filled, start + filled);
      if (read === 0) break;
      filled += read;
    }
    return filled === length ? bytes : bytes.subarray(0, filled);
  } catch (error) {
    throw error instanceof FileReadError ? error : osError(error, path);
  } finally {
    closeSync(fd);
  }
}
