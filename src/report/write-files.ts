/** Report files are written atomically, and only when their text changed (line endings aside, so a checkout with CRLF endings is left alone). */
import { writeFileAtomic } from '../results/atomic.js';
import { readTextWithoutBlocking } from '../results/read-opened.js';

/** The file's text, or null where it is absent (or unreadable: writing it says why). */
export function readTextIfThere(path: string): string | null {
  try {
    return readTextWithoutBlocking(path);
  } catch {
    return null;
  }
}

/** Writes `text` to `path` unless the file already holds it (CRLF read as LF); `existing` is its text, where the caller has read it. */
export function writeIfChanged(path: string, text: string, existing = readTextIfThere(path)): void {
  if (existing?.replace(/\r\n/g, '\n') !== text) writeFileAtomic(path, text);
}
