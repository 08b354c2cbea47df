// The system's refusals in the words of every other message: "<what> (<CODE>)", the path
// left to the caller, who names the file once.
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { FileReadError, readRegularFile } from '../../src/core/read-file.js';
import { imageMessages } from '../../src/predict/messages.js';
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
