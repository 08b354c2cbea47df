// The system's refusals in the words of every other message: "<what> (<CODE>)", the path
// left to the caller, who names the file once.
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { FileReadError, readFileMessages, readRegularFile } from '../../src/core/read-file.js';
import { modelMessages } from '../../src/model/messages.js';
import { imageMessages } from '../../src/predict/messages.js';
import { reportMessages } from '../../src/report/messages.js';
import { serveMessages } from '../../src/serve/messages.js';
import { specMessages } from '../../src/spec/messages.js';
import { scratchDir } from '../helpers/folders.js';
import { fakeIo } from '../helpers/io.js';

const COMMITTED = new URL('../../results/lr-comparison/runs/lr-0.5', import.meta.url).pathname;
const LOOP = 'too many symbolic links encountered (ELOOP)';

function loop(): string {
  const dir = scratchDir('read-file-loop');
  symlinkSync(join(dir, 'b.png'), join(dir, 'a.png'));
  symlinkSync(join(dir, 'a.png'), join(dir, 'b.png'));
  return join(dir, 'a.png');
}

describe('reading a file that is a loop of symbolic links', () => {
  it('gives the reason in words and the code, not the path again', () => {
    const path = loop();
    let thrown: unknown;
    try {
      readRegularFile(path, 1024, 'an image');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FileReadError);
    expect({ reason: (thrown as FileReadError).reason, code: (thrown as FileReadError).code }).toEqual({ reason: LOOP, code: 'ELOOP' });
  });

  it('is one line from predict naming the image, exit 2', async () => {
    const path = loop();
    const io = fakeIo(scratchDir('read-file-cwd'));
    expect(await runCli(['predict', COMMITTED, path], io)).toBe(2);
    expect(io.err()).toBe(`run-experiments predict: ${imageMessages.unreadable(path, LOOP)}\n`);
  });
});

/** The reason readRegularFile refuses `path` with, and its code. */
function refusal(path: string): { reason: string; code: string | undefined } {
  try {
    readRegularFile(path, 1024, 'an image');
  } catch (error) {
    expect(error).toBeInstanceOf(FileReadError);
    return { reason: (error as FileReadError).reason, code: (error as FileReadError).code };
  }
  throw new Error(`read ${path} without complaint`);
}

describe('reading a file that is a dangling symbolic link', () => {
  it('says so, naming its target, not "no such file"; a file that is not there at all is still missing', () => {
    const dir = scratchDir('read-file-dangling');
    symlinkSync('gone.png', join(dir, 'a.png'));
    expect(refusal(join(dir, 'a.png'))).toEqual({ reason: readFileMessages.danglingLink('gone.png', null), code: undefined });
    expect(refusal(join(dir, 'none.png'))).toEqual({ reason: 'no such file', code: 'ENOENT' });
  });

  it('names the missing end of a chain of links', () => {
    const dir = scratchDir('read-file-dangling');
    symlinkSync('b.png', join(dir, 'a.png'));
    symlinkSync(join(dir, 'sub', 'c.png'), join(dir, 'b.png'));
    expect(refusal(join(dir, 'a.png')).reason).toBe(readFileMessages.danglingLink('b.png', join(dir, 'sub', 'c.png')));
  });

  it('is one line from predict naming the image and its target, exit 2', async () => {
    const dir = scratchDir('read-file-dangling');
    symlinkSync('gone.png', join(dir, 'a.png'));
    const io = fakeIo(dir);
    expect(await runCli(['predict', COMMITTED, 'a.png'], io)).toBe(2);
    expect(io.err()).toBe(`run-experiments predict: ${imageMessages.unreadable(join(dir, 'a.png'), readFileMessages.danglingLink('gone.png', null))}\n`);
  });

  it('is the spec file named with its target by validate, exit 2', async () => {
    const dir = scratchDir('read-file-dangling');
    symlinkSync('nowhere.yaml', join(dir, 'spec.yaml'));
    const io = fakeIo(dir);
    expect(await runCli(['validate', 'spec.yaml'], io)).toBe(2);
    expect(io.err()).toContain(`spec.yaml:1:1: ${specMessages.cannotRead(readFileMessages.danglingLink('nowhere.yaml', null))}\n`);
  });

  it('is a results folder or a run folder named as one by report, compare, serve and predict, exit 2', async () => {
    const dir = scratchDir('read-file-dangling');
    symlinkSync('/nowhere/results', join(dir, 'results'));
    const dangling = readFileMessages.danglingLink('/nowhere/results', null);
    const cases: [string[], string][] = [
      [['report', join(dir, 'results')], reportMessages.reportDirMissing(join(dir, 'results'), dangling)],
      [['compare', 'results', '--out', 'cmp'], reportMessages.reportDirMissing('results', dangling)],
      [['serve', 'results'], serveMessages.noResultsDir('results', dangling)],
      [['predict', 'results', join(dir, 'a.png')], modelMessages.noRunDir(join(dir, 'results'), dangling)],
    ];
    for (const [args, message] of cases) {
      const io = fakeIo(dir);
      expect(await runCli(args, io), args[0]).toBe(2);
      expect(io.err()).toBe(`run-experiments ${args[0]}: ${message}\n`);
    }
  });
});
