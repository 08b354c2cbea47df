/**
 * Results files are opened without blocking, and read only when they are regular files: a
 * FIFO someone put in a results folder would otherwise hold a run (and the folder's lock)
 * forever in open(), and a device such as /dev/zero never ends. Nor is a file read that is
 * larger than any results file can be: a 100 GB metrics.csv (a sparse file costs nothing to
 * make) would be read until the process ran out of memory and aborted.
 */
import { constants as bufferConstants } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { readFileMessages } from '../core/read-file.js';

/** The largest results file read as text: V8 holds no longer string (about 512 MiB). */
export const MAX_TEXT_BYTES = bufferConstants.MAX_STRING_LENGTH;
/** The largest results file read as bytes: Node reads no larger file at once (2 GiB). */
export const MAX_FILE_BYTES = 2 ** 31 - 1;

/** A results file that is a FIFO, a device or a socket: its message is the reason it is not read. */
export class NotRegularFile extends Error {
  override name = 'NotRegularFile';
}

/**
 * A results file larger than the limit of its reader: caught wherever NotRegularFile is,
 * since both are files not read, for the reason in the message.
 */
export class TooLargeFile extends NotRegularFile {
  override name = 'TooLargeFile';
}

/**
 * `read` of `path` opened without blocking, after a look at what it is: a FIFO, a socket or a
 * device throws NotRegularFile, a file of more than `maxBytes` TooLargeFile; a folder is left
 * to `read`, which says EISDIR.
 */
export function readOpened<T>(path: string, read: (fd: number) => T, maxBytes = MAX_FILE_BYTES): T {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() && !stats.isDirectory()) {
      throw new NotRegularFile(readFileMessages.notRegular(stats.isFIFO() ? 'a FIFO' : stats.isSocket() ? 'a socket' : 'a device'));
    }
    if (stats.size > maxBytes) throw new TooLargeFile(readFileMessages.tooLarge(stats.size, maxBytes, 'a results file'));
    return read(fd);
  } finally {
    closeSync(fd);
  }
}

/** A file's text, opened without blocking (readOpened). */
export function readTextWithoutBlocking(path: string): string {
  return readOpened(path, (fd) => readFileSync(fd, 'utf8'), MAX_TEXT_BYTES);
}

/** A file's bytes, opened without blocking (readOpened). */
export function readBytesWithoutBlocking(path: string): Buffer {
  return readOpened(path, (fd) => readFileSync(fd));
}
