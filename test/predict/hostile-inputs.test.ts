// predict on inputs built to hang or mislead: devices, FIFOs, truncated images, NaN weights,
// and --show names it cannot honour (issue 11, items 8, 13, 14 and 16).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import type { Io } from '../../src/cli/command.js';
import { readFileMessages } from '../../src/core/read-file.js';
import { saveModel } from '../../src/model/files.js';
import { MODEL_SAFETENSORS } from '../../src/model/safetensors.js';
import { modelMessages } from '../../src/model/messages.js';
import { imageMessages, plainReason, predictMessages as m } from '../../src/predict/messages.js';
import { onePlainPng, paper } from './images.js';
import { tinySaved } from '../model/tiny-network.js';
import { scratchDir } from '../helpers/folders.js';

const fixtures = new URL('../fixtures/digits/', import.meta.url).pathname;
let dir: string;

beforeAll(() => {
  dir = scratchDir('predict-hostile');
  saveModel(join(dir, 'run'), tinySaved());
});

async function predict(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (s: string) => ((stdout += s), true) },
    stderr: { write: (s: string) => ((stderr += s), true) },
    cwd: dir,
  } as unknown as Io;
  const code = await runCli(['predict', ...args], io);
  expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  return { code, stdout, stderr };
}

describe('predict refuses, with exit 2 and one line naming the file', () => {
  it('/dev/zero as an image, at once', async () => {
    const result = await predict('run', '/dev/zero');
    expect(result).toEqual({ code: 2, stdout: '', stderr: `run-experiments predict: ${imageMessages.unreadable('/dev/zero', readFileMessages.notRegular('a character device'))}\n` });
  });

  it('a FIFO as an image, without blocking on it', async () => {
    execFileSync('mkfifo', [join(dir, 'pipe.png')]);
    const result = await predict('run', 'pipe.png');
    expect(result.stderr).toBe(`run-experiments predict: ${imageMessages.unreadable(join(dir, 'pipe.png'), readFileMessages.notRegular('a FIFO'))}\n`);
  });

  it('a truncated PNG, in plain words', async () => {
    writeFileSync(join(dir, 'cut.png'), readFileSync(join(fixtures, 'two-offcentre.png')).subarray(0, 3000));
    const result = await predict('run', 'cut.png');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`run-experiments predict: ${imageMessages.damaged(join(dir, 'cut.png'), 'PNG', 'There are some read requests waitng on finished stream')}\n`);
    expect(result.stderr).toContain('ends early');
    expect(result.stderr).not.toContain('waitng');
  });

  it('a damaged PNG, an empty one and an arithmetic-coded JPEG, in plain words rather than the decoder\'s', async () => {
    const png = readFileSync(join(fixtures, 'two-offcentre.png'));
    const badCrc = Buffer.from(png);
    badCrc[29] ^= 0xff; // IHDR's checksum
    const arithmetic = Buffer.from(jpeg.encode(paper(16, 16, [255, 255, 255, 255], [[4, 4, 8, 8]], [0, 0, 0, 255]), 90).data);
    const frame = arithmetic.indexOf(Buffer.from([0xff, 0xc0]));
    arithmetic[frame + 1] = 0xc9; // the frame header of an arithmetic-coded JPEG (SOF9)
    const cases: [string, Uint8Array, string][] = [
      ['crc.png', badCrc, 'a checksum that does not match'],
      ['empty.png', onePlainPng(0, 12), 'it has no pixels (0 wide or 0 high)'],
      ['arithmetic.jpg', arithmetic, 'arithmetic-coded JPEG, which is not read'],
    ];
    for (const [name, bytes, words] of cases) {
      writeFileSync(join(dir, name), bytes);
      const result = await predict('run', name);
      expect(result.code, name).toBe(2);
      expect(result.stderr, name).toMatch(new RegExp(`^run-experiments predict: ${join(dir, name)} is not a readable (PNG|JPEG): `));
      expect(result.stderr, name).toContain(words);
    }
    // the decoders' words for files built to trip them, each said plainly
    for (const words of ['have should not go down', 'unrecognised content at end of stream', 'unknown JPEG marker b530', "Cannot read properties of undefined (reading '0')"]) {
      expect(plainReason(words), words).not.toBe(words);
    }
  });

  it('a model whose weights are NaN or infinite, naming model.safetensors and the first bad weight', async () => {
    for (const [name, bad] of [['nan', Number.NaN], ['inf', Number.POSITIVE_INFINITY]] as const) {
      const model = tinySaved();
      model.tensors[2].data[7] = bad;
      saveModel(join(dir, name), model);
      const result = await predict(name, join(fixtures, 'zero-grey.png'));
      expect(result).toEqual({ code: 2, stdout: '', stderr: `run-experiments predict: ${modelMessages.notFinite(join(dir, name, MODEL_SAFETENSORS), 'layers.2.W', 7, bad)}\n` });
    }
  });

  it('a model.safetensors that is a FIFO', async () => {
    saveModel(join(dir, 'piped'), tinySaved());
    rmSync(join(dir, 'piped', MODEL_SAFETENSORS));
    execFileSync('mkfifo', [join(dir, 'piped', MODEL_SAFETENSORS)]);
    const result = await predict('piped', join(fixtures, 'zero-grey.png'));
    expect(result.stderr).toBe(`run-experiments predict: ${modelMessages.unreadable(join(dir, 'piped', MODEL_SAFETENSORS), readFileMessages.notRegular('a FIFO'))}\n`);
  });
});

describe('predict --show', () => {
  it('writes JPEG bytes for a .jpg name and PNG bytes for a .png name', async () => {
    expect((await predict('run', join(fixtures, 'three.jpg'), '--show', 'seen.jpg')).code).toBe(0);
    expect([...readFileSync(join(dir, 'seen.jpg')).subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect((await predict('run', join(fixtures, 'three.jpg'), '--show', 'seen.JPEG')).code).toBe(0);
    expect([...readFileSync(join(dir, 'seen.JPEG')).subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect((await predict('run', join(fixtures, 'three.jpg'), '--show', 'seen.png')).code).toBe(0);
    expect([...readFileSync(join(dir, 'seen.png')).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('refuses any other extension before doing anything, and writes nothing', async () => {
    const before = readdirSync(dir).sort();
    const result = await predict('run', join(fixtures, 'three.jpg'), '--show', 'seen.gif');
    expect(result).toEqual({ code: 2, stdout: '', stderr: `run-experiments predict: ${m.showExtension('seen.gif')}\n` });
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('leaves no temporary file behind when the name cannot be written', async () => {
    const before = readdirSync(dir).sort();
    const result = await predict('run', join(fixtures, 'three.jpg'), '--show', 'run/model.safetensors/x.png');
    expect(result.code).toBe(2);
    // the reason in the words every other command uses, not Node's message about the temporary's name
    expect(result.stderr).toBe(`run-experiments predict: ${m.cannotWrite(join(dir, 'run/model.safetensors/x.png'), 'not a directory (ENOTDIR)')}\n`);
    expect(readdirSync(dir).sort()).toEqual(before);
    const folderTarget = await predict('run', join(fixtures, 'three.jpg'), '--show', 'run.png');
    expect(folderTarget.code).toBe(0);
    rmSync(join(dir, 'run.png'));
    execFileSync('mkdir', [join(dir, 'taken.png')]);
    const taken = await predict('run', join(fixtures, 'three.jpg'), '--show', 'taken.png');
    expect(taken.code).toBe(2);
    expect(taken.stderr).toBe(`run-experiments predict: ${m.cannotWrite(join(dir, 'taken.png'), 'illegal operation on a directory (EISDIR)')}\n`);
    expect(readdirSync(dir).filter((name) => name.includes('.tmp'))).toEqual([]);
  });
});
