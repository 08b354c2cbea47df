/**
 * How many images each split of a dataset holds, for checking slice bounds without
 * loading the data: MNIST's are known; for a folder, the IDX label files' headers say.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import type { SplitName } from './types.js';

export type SplitSizes = Record<SplitName, number>;

export const MNIST_SIZES: SplitSizes = { train: 60000, test: 10000 };

export const LABEL_FILES: Record<SplitName, string> = {
  train: 'train-labels-idx1-ubyte',
  test: 't10k-labels-idx1-ubyte',
};

/** IDX1 magic number: unsigned bytes, one dimension (LeCun et al., the MNIST database's file format). */
const IDX1_UBYTE_MAGIC = 0x00000801;

export type SizesResult =
  | { ok: true; sizes: SplitSizes }
  | { ok: false; reason: 'no-folder'; dir: string }
  | { ok: false; reason: 'no-file'; dir: string; name: string }
  | { ok: false; reason: 'bad-file'; file: string; detail: string };

function readPrefix(file: string, bytes: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** The first 8 bytes of an IDX file, gunzipping only the start of a `.gz`. */
function header(file: string): Buffer {
  if (!file.endsWith('.gz')) return readPrefix(file, 8);
  // Truncated input is fine with a sync flush: inflate what the first kilobytes hold.
  return gunzipSync(readPrefix(file, 4096), { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, 8);
}

/** The image count of each split of the IDX files in `dir`. */
export function datasetSizes(dir: string): SizesResult {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return { ok: false, reason: 'no-folder', dir };
  const sizes: Partial<SplitSizes> = {};
  for (const split of Object.keys(LABEL_FILES) as SplitName[]) {
    const name = LABEL_FILES[split];
    const file = [join(dir, name), join(dir, `${name}.gz`)].find((f) => existsSync(f));
    if (!file) return { ok: false, reason: 'no-file', dir, name };
    let bytes: Buffer;
    try {
      bytes = header(file);
    } catch (error) {
      return { ok: false, reason: 'bad-file', file, detail: (error as Error).message };
    }
    if (bytes.length < 8) return { ok: false, reason: 'bad-file', file, detail: `only ${bytes.length} bytes` };
    const magic = bytes.readUInt32BE(0);
    if (magic !== IDX1_UBYTE_MAGIC) {
      return { ok: false, reason: 'bad-file', file, detail: `magic number 0x${magic.toString(16).padStart(8, '0')}, expected 0x00000801` };
    }
    sizes[split] = bytes.readUInt32BE(4);
  }
  return { ok: true, sizes: sizes as SplitSizes };
}
