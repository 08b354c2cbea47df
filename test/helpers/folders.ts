/**
 * Folders for tests: temporary ones, removed when the test file is done, and a folder's
 * files read back as relative path -> bytes.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new empty folder under the system's temporary folder. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  made.push(dir);
  return dir;
}

/** A new temporary folder holding `files` (relative name -> text or bytes). */
export function folderWith(files: Record<string, string | Uint8Array>, prefix = 'files'): string {
  const dir = scratchDir(prefix);
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), data);
  }
  return dir;
}

/** A folder holding `files`, that lists what is in it afterwards and can be removed early. */
export function tempFolder(files: Record<string, string>): { dir: string; files(): string[]; remove(): void } {
  const dir = folderWith(files, 'spec-test');
  return { dir, files: () => readdirSync(dir).sort(), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every file under dir (relative path -> bytes, in sorted order), leaving out those `skip` names. */
export function tree(dir: string, skip: (path: string) => boolean = () => false): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!skip(relative(dir, path))) files.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

/** For `tree`: leaves out timings.csv, the one file that changes between identical runs. */
export const notTimings = (path: string): boolean => path === 'timings.csv';

/** The paths whose bytes differ between two trees, or that only one of them has. */
export function differences(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths.filter((path) => !(a.has(path) && b.has(path) && a.get(path)!.equals(b.get(path)!)));
}

/** `tree` as a plain object of base64 text, for comparing or picking files apart with toEqual. */
export function treeObject(dir: string): Record<string, string> {
  return Object.fromEntries([...tree(dir)].map(([path, bytes]) => [path, bytes.toString('base64')]));
}
