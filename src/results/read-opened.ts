/**
 * Results files are opened without blocking, and read only when they are regular files: a
 * FIFO someone put in a results folder would otherwise hold a run (and the folder's lock)
 * forever in open(), and a device such as /dev/zero never ends.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { readFileMessages } from '../core/read-file.js';

/** A results file that is a FIFO, a device or a socket: its message is the reason it is not read. */
export class NotRegularFile extends Error {
  override name = 'NotRegularFile';
}

/**
 * `read` of `path` opened without blocking, after a look at what it is: a FIFO, a socket or a
 * device throws NotRegularFile; a folder is left to `read`, which says EISDIR.
 */
export function readOpened<T>(path: string, read: (fd: number) => T): T {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() && !stats.isDirectory()) {
      throw new NotRegularFile(readFileMessages.notRegular(stats.isFIFO() ? 'a FIFO' : stats.isSocket() ? 'a socket' : 'a device'));
    }
    return read(fd);
  } finally {
    closeSync(fd);
  }
}

/** A file's text, opened without blocking (readOpened). */
export function readTextWithoutBlocking(path: string): string {
  return readOpened(path, (fd) => readFileSync(fd, 'utf8'));
}

/** A file's bytes, opened without blocking (readOpened). */
export function readBytesWithoutBlocking(path: string): Buffer {
  return readOpened(path, (fd) => readFileSync(fd));
}
