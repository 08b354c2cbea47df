/** Test helpers: a folder's files as path -> bytes, and a fake Io that records what a command prints. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Writable } from 'node:stream';
import type { Io } from '../../src/cli/command.js';

export { scratchDir } from '../scratch.js';

export function readTree(root: string, dir = root): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(files, readTree(root, path));
    else files[relative(root, path)] = readFileSync(path).toString('base64');
  }
  return files;
}

export function fakeIo(cwd: string): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({ write(chunk, _encoding, done) { append(String(chunk)); done(); } });
  return {
    cwd,
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    out: () => out,
    err: () => err,
  };
}
