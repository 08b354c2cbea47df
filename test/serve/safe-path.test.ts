import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileUnder } from '../../src/serve/safe-path.js';
import { scratchDir } from '../helpers/folders.js';

let outside: string;
let root: string;

beforeAll(() => {
  outside = scratchDir('serve-outside');
  writeFileSync(join(outside, 'secret.txt'), 'secret\n');
  root = join(scratchDir('serve-root'), 'results');
  mkdirSync(join(root, 'exp', 'runs', 'a'), { recursive: true });
  writeFileSync(join(root, 'exp', 'runs.csv'), 'run\n');
  writeFileSync(join(root, 'exp', '.lock'), '{}\n');
  writeFileSync(join(root, 'exp', 'runs', 'a', 'metrics.csv'), 'iteration,loss\n');
  symlinkSync(join(outside, 'secret.txt'), join(root, 'exp', 'link-out.txt'));
  symlinkSync(outside, join(root, 'exp', 'folder-out'));
  symlinkSync(join(root, 'exp', 'runs.csv'), join(root, 'exp', 'link-in.csv'));
});

describe('fileUnder: the one way from a URL to a file', () => {
  it('finds a file under the results folder, %-encoded or not', () => {
    expect(fileUnder(root, 'exp/runs.csv')).toMatch(/exp\/runs\.csv$/);
    expect(fileUnder(root, 'exp%2Fruns%2Fa%2Fmetrics.csv')).toMatch(/metrics\.csv$/);
  });

  it('follows a symbolic link that stays inside the folder', () => {
    expect(fileUnder(root, 'exp/link-in.csv')).toMatch(/exp\/runs\.csv$/);
  });

  it.each([
    ['a parent segment', '../serve-outside/secret.txt'],
    ['a parent segment deeper down', 'exp/../../x'],
    ['an encoded parent segment', '%2e%2e/%2e%2e/etc/passwd'],
    ['an encoded slash and parent', 'exp%2f..%2f..%2fetc%2fpasswd'],
    ['a doubly encoded parent', '%252e%252e/etc/passwd'],
    ['an absolute path', '/etc/passwd'],
    ['a backslash', 'exp\\..\\..\\etc\\passwd'],
    ['a NUL', 'exp/runs.csv%00.png'],
    ['a hidden file', 'exp/.lock'],
    ['a link to a file outside', 'exp/link-out.txt'],
    ['a file through a linked folder outside', 'exp/folder-out/secret.txt'],
    ['a folder', 'exp/runs'],
    ['the folder itself', ''],
    ['a missing file', 'exp/nothing.csv'],
    ['malformed %-encoding', 'exp/%E0%A4%A'],
  ])('refuses %s', (_, path) => {
    expect(fileUnder(root, path)).toBeNull();
  });
});
