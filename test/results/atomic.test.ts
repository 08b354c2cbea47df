import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFolderAtomic } from '../../src/results/atomic.js';
import { scratchDir } from '../helpers/folders.js';

const scratch = () => scratchDir('atomic');

describe('atomic writes', () => {
  it('writes a file through a temporary name and leaves only the file behind', () => {
    const dir = scratch();
    writeFileAtomic(join(dir, 'deep', 'a.txt'), 'first');
    writeFileAtomic(join(dir, 'deep', 'a.txt'), 'second');
    expect(readFileSync(join(dir, 'deep', 'a.txt'), 'utf8')).toBe('second');
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
