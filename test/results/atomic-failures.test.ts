/** Atomic writes that fail part-way leave the old file or folder and no temporary behind. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileSystemError } from '../../src/errors.js';
import { writeFileAtomic, writeFolderAtomic } from '../../src/results/atomic.js';
import { resultsMessages as m } from '../../src/results/messages.js';
import { scratchDir } from '../helpers/folders.js';

afterEach(() => vi.unstubAllEnvs());

/** Whether this user may mount a tmpfs (root in a container, usually): the read-only test needs one. */
const canMount = (() => {
  const probe = scratchDir('atomic-probe');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', probe]).status === 0;
  if (mounted) spawnSync('umount', [probe]);
  return mounted;
})();

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

describe('an atomic folder on a read-only file system', () => {
  it('says EROFS, naming the folder, where a recursive mkdir would say ENOENT, and writes nothing', { skip: !canMount }, () => {
    const mount = scratchDir('atomic-ro');
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k,ro', 'tmpfs', mount]).status).toBe(0);
    try {
      for (const target of [join(mount, 'comparison'), join(mount, 'new', 'comparison')]) {
        expect(() => writeFolderAtomic(target, { 'a.csv': 'a' })).toThrow(new FileSystemError(m.cannotWrite(target, 'read-only file system (EROFS)')));
      }
      expect(readdirSync(mount)).toEqual([]);
    } finally {
      spawnSync('umount', [mount]);
    }
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
