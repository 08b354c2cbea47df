/** Atomic writes that fail part-way leave the old file or folder and no temporary behind. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileSystemError } from '../../src/errors.js';
import { writeFileAtomic, writeFolderAtomic } from '../../src/results/atomic.js';
import { resultsMessages as m } from '../../src/results/messages.js';
import { scratchDir } from '../helpers/folders.js';

afterEach(() => vi.unstubAllEnvs());

describe('an atomic write that fails', () => {
  it('of a file that cannot be renamed into place, names the file and removes its temporary', () => {
    const dir = scratchDir('atomic');
    const path = join(dir, 'runs.csv');
    mkdirSync(path);
    writeFileSync(join(path, 'keep'), 'x');
    expect(() => writeFileAtomic(path, 'text')).toThrow(FileSystemError);
    expect(readdirSync(dir)).toEqual(['runs.csv']);
  });

  it('of a folder, on a full disk half-way, names the file and keeps the old folder whole', () => {
    const dir = scratchDir('atomic');
    const target = join(dir, 'run');
    writeFolderAtomic(target, { 'a.csv': 'old a', 'sub/b.csv': 'old b' });
    vi.stubEnv('RUN_EXPERIMENTS_TEST_FS_ERROR', 'ENOSPC:b.csv');
    expect(() => writeFolderAtomic(target, { 'a.csv': 'new a', 'sub/b.csv': 'new b' })).toThrow(
      new FileSystemError(m.cannotWrite(join(target, 'sub/b.csv'), 'no space left on device (ENOSPC)')),
    );
    expect(readdirSync(dir)).toEqual(['run']);
    expect(readFileSync(join(target, 'a.csv'), 'utf8')).toBe('old a');
    expect(readFileSync(join(target, 'sub', 'b.csv'), 'utf8')).toBe('old b');
  });
});

describe('a folder written over the leftovers of this same process', () => {
  it('replaces the folder though a stale .old-<pid> and .tmp-<pid> with files in them are in the way', () => {
    const dir = scratchDir('atomic');
    const target = join(dir, 'run');
    writeFolderAtomic(target, { 'a.csv': 'old' });
    for (const leftover of [`run.old-${process.pid}`, `run.tmp-${process.pid}`]) {
      mkdirSync(join(dir, leftover, 'deep'), { recursive: true });
      writeFileSync(join(dir, leftover, 'deep', 'x'), 'stale');
    }
    writeFolderAtomic(target, { 'a.csv': 'new' });
    expect(readdirSync(dir)).toEqual(['run']);
    expect(readdirSync(target)).toEqual(['a.csv']);
    expect(readFileSync(join(target, 'a.csv'), 'utf8')).toBe('new');
    expect(existsSync(join(dir, `run.old-${process.pid}`))).toBe(false);
  });
});
