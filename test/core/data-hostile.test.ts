// IDX files built to exhaust memory or block: a gzip bomb, a FIFO, a device (issue 11, items 8 and 9).
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadDataset, splitSizes } from '../../src/core/data/dataset.js';
import { readIdxImages } from '../../src/core/data/idx.js';
import { dataMessages } from '../../src/core/data/messages.js';
import { readFileMessages } from '../../src/core/read-file.js';
import { folderWith, idxErrorOf, idxImages, smallDataset } from '../fixtures/idx/make-idx.js';

/** A header for 5 images of 4 x 3 followed by 64 MiB of zeros, gzipped to about 64 KiB. */
function bomb(): Uint8Array {
  const header = idxImages(5, 4, 3).subarray(0, 16);
  const body = new Uint8Array(64 * 1024 * 1024);
  const raw = new Uint8Array(header.length + body.length);
  raw.set(header);
  return gzipSync(raw, { level: 1 });
}

describe('a gzip bomb in a dataset folder', () => {
  it('is inflated only to the size its header declares, then refused', () => {
    const dir = folderWith(smallDataset({ 'train-images-idx3-ubyte': undefined, 'train-images-idx3-ubyte.gz': bomb() }));
    const declared = 16 + 5 * 3 * 4;
    expect(idxErrorOf(() => loadDataset(dir))).toBe(dataMessages.inflatesTooMuch('train-images-idx3-ubyte.gz', declared));
  });

  it('is caught from its gzip trailer by the header-only check validate uses, without inflating it', () => {
    const dir = folderWith(smallDataset({ 'train-images-idx3-ubyte': undefined, 'train-images-idx3-ubyte.gz': bomb() }));
    const declared = 16 + 5 * 3 * 4;
    expect(idxErrorOf(() => splitSizes(dir))).toBe(
      dataMessages.gzipLength('train-images-idx3-ubyte.gz', declared, 16, [5, 4, 3], 16 + 64 * 1024 * 1024),
    );
  });

  it('still reads an honest gzip file, and refuses a short one by its trailer too', () => {
    const honest = folderWith(smallDataset({ 'train-images-idx3-ubyte': undefined, 'train-images-idx3-ubyte.gz': gzipSync(idxImages(5, 4, 3)) }));
    expect(splitSizes(honest).train.count).toBe(5);
    expect(loadDataset(honest).train.count).toBe(5);
    const short = folderWith(smallDataset({ 'train-images-idx3-ubyte': undefined, 'train-images-idx3-ubyte.gz': gzipSync(idxImages(5, 4, 3).subarray(0, 40)) }));
    expect(idxErrorOf(() => splitSizes(short))).toBe(dataMessages.gzipLength('train-images-idx3-ubyte.gz', 76, 16, [5, 4, 3], 40));
  });
});

describe('files that are not regular files', () => {
  it('refuses a FIFO in place of an IDX file, for the header check and for loading, without blocking', () => {
    const dir = folderWith(smallDataset({ 'train-labels-idx1-ubyte': undefined }));
    execFileSync('mkfifo', [join(dir, 'train-labels-idx1-ubyte')]);
    const expected = dataMessages.unreadable('train-labels-idx1-ubyte', readFileMessages.notRegular('a FIFO'));
    expect(idxErrorOf(() => splitSizes(dir))).toBe(expected);
    expect(idxErrorOf(() => loadDataset(dir))).toBe(expected);
  });

  it('refuses /dev/zero behind a link', () => {
    const dir = folderWith({});
    symlinkSync('/dev/zero', join(dir, 'zero'));
    expect(idxErrorOf(() => readIdxImages(join(dir, 'zero')))).toBe(dataMessages.unreadable('zero', readFileMessages.notRegular('a character device')));
  });
});
