/**
 * Files on disk are never half-written: each is written under a temporary name in the
 * same folder and renamed into place (a rename within one file system is atomic).
 */
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, normalize, isAbsolute } from 'node:path';

export type FileData = string | Buffer;

/** Writes `data` to `path.tmp-<pid>` in the same folder, then renames it over `path`. */
export function writeFileAtomic(path: string, data: FileData): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

/**
 * Writes a whole folder: every file into `dir.tmp-<pid>`, then swaps it into place,
 * replacing the old folder. Readers see the old folder or the new one, never a mix
 * (between the two renames `dir` is briefly absent, which readers treat as "not there").
 * File names may contain `/` for subfolders but must stay inside the folder.
 */
export function writeFolderAtomic(dir: string, files: Record<string, FileData>): void {
  const temporary = `${dir}.tmp-${process.pid}`;
  const old = `${dir}.old-${process.pid}`;
  rmSync(temporary, { recursive: true, force: true });
  for (const [name, data] of Object.entries(files)) {
    const relative = normalize(name);
    if (isAbsolute(relative) || relative.startsWith('..')) {
      throw new Error(`Expected a file name inside the folder, got '${name}'`);
    }
    const path = join(temporary, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
  }
  mkdirSync(temporary, { recursive: true });
  mkdirSync(dirname(dir), { recursive: true });
  const hadOld = existsSync(dir);
  if (hadOld) {
    rmSync(old, { recursive: true, force: true });
    renameSync(dir, old);
  }
  renameSync(temporary, dir);
  if (hadOld) rmSync(old, { recursive: true, force: true });
}
