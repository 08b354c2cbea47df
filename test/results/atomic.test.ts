import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { writeFileAtomic, writeFolderAtomic } from '../../src/results/atomic.js';
import { scratchDir } from '../helpers/folders.js';

const scratch = () => scratchDir('atomic');

/** Called with (from, to) just before each rename the code under test makes. */
let beforeRename: (from: string, to: string) => void = () => {};
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const renameSync: typeof fs.renameSync = (from, to) => {
    beforeRename(String(from), String(to));
    fs.renameSync(from, to);
  };
  return { ...fs, default: { ...fs, renameSync }, renameSync };
});

describe('atomic writes', () => {
  it('writes a file through a temporary name and leaves only the file behind', () => {
    const dir = scratch();
    const path = join(dir, 'deep', 'a.txt');
    writeFileAtomic(path, 'first');
    // at the moment of the rename, the new text is whole under another name in the same folder and the old file untouched
    const seen: { from: string; text: string; old: string }[] = [];
    beforeRename = (from, to) => {
      if (to === path) seen.push({ from, text: readFileSync(from, 'utf8'), old: readFileSync(to, 'utf8') });
    };
    writeFileAtomic(path, 'second');
    beforeRename = () => {};
    expect(seen).toHaveLength(1);
    expect(dirname(seen[0].from)).toBe(dirname(path));
    expect(seen[0]).toMatchObject({ text: 'second', old: 'first' });
    expect(readFileSync(path, 'utf8')).toBe('second');
    expect(readdirSync(join(dir, 'deep'))).toEqual(['a.txt']);
  });

  it('replaces a whole folder, so files of the old folder do not survive', () => {
    const dir = scratch();
    const target = join(dir, 'run');
    mkdirSync(target);
    writeFileSync(join(target, 'stale.txt'), 'old');
    writeFolderAtomic(target, { 'a.csv': 'x', 'sub/b.bin': Buffer.from([1, 2, 3]) });
    expect(readdirSync(target).sort()).toEqual(['a.csv', 'sub']);
    expect([...readFileSync(join(target, 'sub', 'b.bin'))]).toEqual([1, 2, 3]);
    expect(readdirSync(dir)).toEqual(['run']);
  });

  it('refuses file names that would land outside the folder', () => {
    const dir = scratch();
    expect(() => writeFolderAtomic(join(dir, 'run'), { '../escape.txt': 'x' })).toThrow(/inside the folder/);
    expect(existsSync(join(dir, 'escape.txt'))).toBe(false);
  });
});
