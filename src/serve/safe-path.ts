/**
 * The one door from a URL to a file: a path inside RESULTS_DIR, or null (the server's 404).
 * Refused: `..` and `.` segments (raw or %-encoded), backslashes and NUL, hidden names
 * (`.lock`), anything that is not a regular file, and any path whose real location (symbolic
 * links followed) is outside the folder. An absolute path is read as relative to the folder.
 */
import { realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

export function fileUnder(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (/[\\\0]/.test(decoded)) return null;
  const parts = decoded.split('/').filter((part) => part !== '');
  if (parts.length === 0 || parts.some((part) => part.startsWith('.'))) return null;
  try {
    const real = realpathSync(join(realpathSync(root), ...parts));
    return isUnder(root, real) && statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

/**
 * Whether `path` is `root` or lies under it where it really is (symbolic links followed): the
 * API reads experiments, runs and models only there, as /files/ serves files.
 */
export function isUnder(root: string, path: string): boolean {
  try {
    const realRoot = realpathSync(root);
    const real = realpathSync(path);
    return real === realRoot || real.startsWith(realRoot + sep);
  } catch {
    return false;
  }
}
