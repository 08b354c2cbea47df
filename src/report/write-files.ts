/** Report files are written atomically, and only when their text changed (line endings aside, so a checkout with CRLF endings is left alone). */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../results/atomic.js';

/** Writes `text` to `path` unless the file already holds it (CRLF read as LF). */
export function writeIfChanged(path: string, text: string): void {
  if (!sameText(path, text)) writeFileAtomic(path, text);
}

function sameText(path: string, text: string): boolean {
  try {
    return readFileSync(path, 'utf8').replace(/\r\n/g, '\n') === text;
  } catch {
    return false;
  }
}
