/**
 * Files on disk are never half-written: each is written under a temporary name in the
 * same folder and renamed into place (a rename within one file system is atomic). Every
 * exit path removes the temporary; an OS error becomes a FileSystemError naming the file.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { writing } from './fs-errors.js';
import { beforeFileWrite, beforeFolderRename } from './test-hooks.js';

export type FileData = string | Buffer;

/** The suffixes of temporaries: `<name>.tmp-<pid>` being written, `<name>.old-<pid>` being replaced. */
export const TEMPORARY = /\.(tmp|old)-(\d+)$/;

/** Writes `data` to `path.tmp-<pid>` in the same folder, then renames it over `path`. */
export function writeFileAtomic(path: string, data: FileData): void {
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    writing(path, () => {
      mkdirSync(dirname(path), { recursive: true });
      beforeFileWrite(path);
      writeFileSync(temporary, data);
      renameSync(temporary, path);
    });
  } finally {
    removeQuietly(temporary);
  }
}

/**
 * Makes `dir` and the folders above it that are missing, one level at a time: a recursive
 * mkdir says ENOENT where the real reason is EROFS or EACCES.
 */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d) && dirname(d) !== d; d = dirname(d)) missing.unshift(d);
  for (const d of missing) mkdirSync(d);
}

/**
 * Writes a whole folder: every file into `dir.tmp-<pid>`, then swaps it into place,
 * replacing the old folder. Readers see the old folder or the new one, never a mix
 * (between the two renames `dir` is briefly absent, and the old one is `dir.old-<pid>`,
 * which the next run recovers if this process dies there). File names may contain `/`
 * for subfolders but must stay inside the folder.
 */
export function writeFolderAtomic(dir: string, files: Record<string, FileData>): void {
  const temporary = `${dir}.tmp-${process.pid}`;
  const old = `${dir}.old-${process.pid}`;
  const names = Object.keys(files).map((name) => {
    const relative = normalize(name);
    if (isAbsolute(relative) || relative.startsWith('..')) throw new Error(`Expected a file name inside the folder, got '${name}'`);
    return relative;
  });
  try {
    removeQuietly(temporary);
    writing(dir, () => makeFolders(temporary));
    Object.values(files).forEach((data, i) => {
      writing(join(dir, names[i]), () => {
        const path = join(temporary, names[i]);
        // the folder itself was made above: only a name with a subfolder needs one made
        if (dirname(path) !== temporary) mkdirSync(dirname(path), { recursive: true });
        beforeFileWrite(path);
        writeFileSync(path, data);
      });
    });
    beforeFolderRename(dir);
    writing(dir, () => {
      const hadOld = existsSync(dir);
      if (hadOld) {
        rmSync(old, { recursive: true, force: true });
        renameSync(dir, old);
      }
      try {
        renameSync(temporary, dir);
      } catch (error) {
        if (hadOld) renameSync(old, dir);
        throw error;
      }
    });
  } finally {
    removeQuietly(temporary);
    // the old folder goes only once the new one is in place: until then it is the only copy
    if (existsSync(dir)) removeQuietly(old);
  }
}

/** Removes a temporary if it is there; a failure here must not hide the error that led here. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // the next run's leftover sweep removes it
  }
}
