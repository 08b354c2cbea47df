/**
 * The operating system's refusals (ENOSPC, EROFS, ENOTDIR, EACCES, EISDIR...) as one line
 * naming the file and the reason, in a FileSystemError: the CLI prints it, exit code 2.
 */
import { systemErrorWords } from '../core/read-file.js';
import { FileSystemError } from '../errors.js';
import { resultsMessages as m } from './messages.js';

/** "no space left on device (ENOSPC)", from an error Node's fs threw. */
export function osReason(error: unknown): string {
  const e = error as NodeJS.ErrnoException | null;
  const words = systemErrorWords(e);
  if (words !== null) return words;
  if (typeof e?.code === 'string') return e.code;
  return String((e as Error | null)?.message ?? error);
}

export function isOsError(error: unknown): error is NodeJS.ErrnoException {
  return typeof (error as NodeJS.ErrnoException | null)?.code === 'string' && !(error instanceof FileSystemError);
}

/** Runs `action`; an OS error becomes a FileSystemError made by `message(reason)`. Other errors pass through. */
export function explainFs<T>(action: () => T, message: (reason: string) => string): T {
  try {
    return action();
  } catch (error) {
    if (isOsError(error)) throw new FileSystemError(message(osReason(error)));
    throw error;
  }
}

/** `explainFs` for a write of `path`. */
export function writing<T>(path: string, action: () => T): T {
  return explainFs(action, (reason) => m.cannotWrite(path, reason));
}
