// predict --show naming one of the images it reads: the photo would be replaced by the 28x28
// picture made from it. Refused before anything is read, the photo as it was.
import { copyFileSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { predictMessages as m } from '../../src/predict/messages.js';
import { scratchDir } from '../helpers/folders.js';
import { fakeIo } from '../helpers/io.js';

const COMMITTED = new URL('../../results/lr-comparison/runs/lr-0.5', import.meta.url).pathname;
const SEVEN = new URL('../fixtures/digits/seven-warm.png', import.meta.url).pathname;

describe('predict --show onto one of its own images', () => {
  it('refuses the image\'s own name, exit 2, the image unchanged', async () => {
    const dir = scratchDir('show-over-input');
    copyFileSync(SEVEN, join(dir, 'photo.png'));
    const io = fakeIo(dir);
    expect(await runCli(['predict', COMMITTED, 'photo.png', '--show', 'photo.png'], io)).toBe(2);
    expect(io.err()).toBe(`run-experiments predict: ${m.showIsInput('photo.png', 'photo.png')}\n`);
    expect(readFileSync(join(dir, 'photo.png')).equals(readFileSync(SEVEN))).toBe(true);
  });

  it('refuses another name of the same file (a symbolic link, ./)', async () => {
    const dir = scratchDir('show-over-input');
    copyFileSync(SEVEN, join(dir, 'photo.png'));
    symlinkSync(join(dir, 'photo.png'), join(dir, 'link.png'));
    const io = fakeIo(dir);
    expect(await runCli(['predict', COMMITTED, 'link.png', '--show', './photo.png'], io)).toBe(2);
    expect(io.err()).toBe(`run-experiments predict: ${m.showIsInput('./photo.png', 'link.png')}\n`);
    expect(readFileSync(join(dir, 'photo.png')).equals(readFileSync(SEVEN))).toBe(true);
  });

  it('writes over a picture of an earlier --show, which it did not read', async () => {
    const dir = scratchDir('show-over-input');
    copyFileSync(SEVEN, join(dir, 'photo.png'));
    expect(await runCli(['predict', COMMITTED, 'photo.png', '--show', 'seen.png'], fakeIo(dir))).toBe(0);
    expect(await runCli(['predict', COMMITTED, 'photo.png', '--show', 'seen.png'], fakeIo(dir))).toBe(0);
  });
});
