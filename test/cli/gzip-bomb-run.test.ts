// A dataset .gz whose trailer lies, so validate's cheap check passes: run must stop inflating
// at the size the header declares, say so in one line, and write nothing (issue 11, item 9).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { dataMessages } from '../../src/core/data/messages.js';
import { folderWith, idxImages, smallDataset } from '../fixtures/idx/make-idx.js';
import { run } from '../helpers/command-line.js';

const scratch = mkdtempSync(join(tmpdir(), 'gzip-bomb-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** 5 images of 4 x 3 declared, 64 MiB inflated, the trailer forged to the declared size. */
function lyingBomb(declared: number): Uint8Array {
  const raw = new Uint8Array(64 * 1024 * 1024);
  raw.set(idxImages(5, 4, 3).subarray(0, 16));
  const gz = gzipSync(raw, { level: 1 });
  new DataView(gz.buffer, gz.byteOffset, gz.byteLength).setUint32(gz.length - 4, declared, true);
  return gz;
}

describe('run on a gzip bomb that validate cannot see', () => {
  it('stops inflating at the declared size, exits 2 naming the file, and writes no results', async () => {
    const declared = 16 + 5 * 4 * 3;
    const data = folderWith(smallDataset({ 'train-images-idx3-ubyte': undefined, 'train-images-idx3-ubyte.gz': lyingBomb(declared) }));
    const spec = join(scratch, 'spec.yaml');
    writeFileSync(spec, `name: bomb\ndata: { path: ${data}, train: { split: train, end: 5 } }\ntraining: { batch_size: 5, iterations: 2 }\n`);
    const out = join(scratch, 'out');
    const result = await run(['run', spec, '--out', out]);
    rmSync(data, { recursive: true, force: true });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(dataMessages.inflatesTooMuch('train-images-idx3-ubyte.gz', declared));
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    expect(existsSync(out)).toBe(false);
  });
});
