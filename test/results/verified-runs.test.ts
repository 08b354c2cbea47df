/** Reading a run folder once for the cache check: its digest, and the text of the files parsed. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { folderDigest, readRunFolderFiles } from '../../src/results/verified-runs.js';

const scratch = mkdtempSync(join(tmpdir(), 'verified-runs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string | Buffer>): string {
  const dir = join(scratch, name);
  mkdirSync(dir);
  for (const [file, data] of Object.entries(files)) writeFileSync(join(dir, file), data);
  return dir;
}

const plainDigest = (dir: string): string => folderDigest(new Map(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name))])));

describe('a run folder read for the cache check', () => {
  it("has folderDigest's digest of its files, and the text of the files asked for only", () => {
    const dir = folder('small', { 'config.json': '{"a": "é"}\n', 'metrics.csv': 'iteration,loss\n0,1\n', 'model.safetensors': Buffer.from([0, 255, 1, 2]) });
    const read = readRunFolderFiles(dir, ['config.json', 'metrics.csv', 'evaluations.csv']);
    expect(read?.digest).toBe(plainDigest(dir));
    expect(read?.texts).toEqual(new Map([['config.json', '{"a": "é"}\n'], ['metrics.csv', 'iteration,loss\n0,1\n']]));
  });

  it('gives each file its own bytes when one is larger than the buffer they are read through, before and after it', () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 5, 7);
    const dir = folder('big', { 'a.csv': 'first', 'b.bin': big, 'c.csv': 'last' });
    const read = readRunFolderFiles(dir, ['a.csv', 'c.csv']);
    expect(read?.digest).toBe(plainDigest(dir));
    expect(read?.texts.get('a.csv')).toBe('first');
    expect(read?.texts.get('c.csv')).toBe('last');
  });

  it('is given up (null) when the folder holds a subfolder or is gone', () => {
    const dir = folder('nested', { 'config.json': '{}' });
    mkdirSync(join(dir, 'inner'));
    expect(readRunFolderFiles(dir, [])).toBeNull();
    expect(readRunFolderFiles(join(scratch, 'missing'), [])).toBeNull();
  });
});
