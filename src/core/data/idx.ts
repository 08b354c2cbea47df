/**
 * IDX files (LeCun, Cortes and Burges, "THE MNIST DATABASE of handwritten digits"):
 * big-endian header, then unsigned bytes. Images: magic 0x00000803, count, rows, cols;
 * labels: magic 0x00000801, count. Raw or gzip-compressed (gzip found by its 1f 8b magic).
 * Every check throws an IdxError naming the file and what was expected.
 */
import { basename } from 'node:path';
import { gunzipSync, constants as zlibConstants } from 'node:zlib';
import { checkRegularFile, FileReadError, readRegularFile } from '../read-file.js';
import { dataMessages } from './messages.js';

export const IMAGE_MAGIC = 0x00000803;
export const LABEL_MAGIC = 0x00000801;
export const IMAGE_HEADER_BYTES = 16;
export const LABEL_HEADER_BYTES = 8;
/** Pixel indices and per-image counts are stored as Uint16: an image has at most 65535 pixels. */
export const MAX_PIXELS = 65535;

export class IdxError extends Error {
  override name = 'IdxError';
}

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** count * rows * cols bytes, row-major (a view into the file's bytes). */
  pixels: Uint8Array;
}

export interface IdxLabels {
  count: number;
  labels: Uint8Array;
}

/** The largest IDX file read, raw or inflated (1.3 million MNIST-sized images). */
export const MAX_IDX_BYTES = 1024 ** 3;
/** How much of a file is read for its header (gzip: inflated from these compressed bytes). */
const HEAD_BYTES = 4096;
const WHAT = 'an IDX file';

/** A regular file's bytes (or its first `length`), refused with an IdxError naming the file otherwise. */
function readFile(path: string, range?: { start: number; length: number }): Buffer {
  try {
    return readRegularFile(path, MAX_IDX_BYTES, WHAT, range);
  } catch (error) {
    if (error instanceof FileReadError) throw new IdxError(dataMessages.unreadable(basename(path), error.reason));
    throw error;
  }
}

/**
 * The file's bytes, gunzipped if they start with the gzip magic. A gzip file is inflated
 * only up to the size its header declares: one that inflates further is refused as soon
 * as it passes that size, never inflated whole.
 */
export function readIdxBytes(path: string, kind: 'image' | 'label'): Uint8Array {
  const bytes = readFile(path);
  if (!isGzip(bytes)) return bytes;
  const file = basename(path);
  const head = gunzip(path, bytes.subarray(0, HEAD_BYTES), true);
  const declared = declaredLength(file, head, kind);
  if (declared > MAX_IDX_BYTES) throw new IdxError(dataMessages.declaresTooMuch(file, declared, MAX_IDX_BYTES));
  try {
    return gunzipSync(bytes, { maxOutputLength: Math.max(declared, 1) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new IdxError(dataMessages.inflatesTooMuch(file, declared));
    }
    throw new IdxError(dataMessages.badGzip(file, (error as Error).message));
  }
}

/** The bytes an IDX file of this header must have: header + the product of its dimensions. */
function declaredLength(file: string, head: Uint8Array, kind: 'image' | 'label'): number {
  if (kind === 'image') {
    const { count, rows, cols } = parseImages(file, head, true);
    return IMAGE_HEADER_BYTES + count * rows * cols;
  }
  return LABEL_HEADER_BYTES + parseLabels(file, head, true).count;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function gunzip(path: string, bytes: Uint8Array, partial = false): Uint8Array {
  try {
    return gunzipSync(bytes, partial ? { finishFlush: zlibConstants.Z_SYNC_FLUSH } : {});
  } catch (error) {
    throw new IdxError(dataMessages.badGzip(basename(path), (error as Error).message));
  }
}

export function parseImages(file: string, bytes: Uint8Array, headerOnly = false): IdxImages {
  const header = readHeader(file, bytes, 'image', IMAGE_MAGIC, IMAGE_HEADER_BYTES);
  const count = header.getUint32(4);
  const rows = header.getUint32(8);
  const cols = header.getUint32(12);
  if (rows < 1 || cols < 1 || rows * cols > MAX_PIXELS) {
    throw new IdxError(dataMessages.badImageSize(file, rows, cols, MAX_PIXELS));
  }
  if (!headerOnly) checkLength(file, bytes, IMAGE_HEADER_BYTES, [count, rows, cols]);
  const pixels = headerOnly ? new Uint8Array(0) : bytes.subarray(IMAGE_HEADER_BYTES);
  return { count, rows, cols, pixels };
}

export function parseLabels(file: string, bytes: Uint8Array, headerOnly = false): IdxLabels {
  const header = readHeader(file, bytes, 'label', LABEL_MAGIC, LABEL_HEADER_BYTES);
  const count = header.getUint32(4);
  if (headerOnly) return { count, labels: new Uint8Array(0) };
  checkLength(file, bytes, LABEL_HEADER_BYTES, [count]);
  // any byte is a class; how many classes there are is the dataset's to say (see classes.ts)
  return { count, labels: bytes.subarray(LABEL_HEADER_BYTES) };
}

/** Reads and checks an image file (raw or gzip). */
export function readIdxImages(path: string): IdxImages {
  return parseImages(basename(path), readIdxBytes(path, 'image'));
}

/** Reads and checks a label file (raw or gzip). */
export function readIdxLabels(path: string): IdxLabels {
  return parseLabels(basename(path), readIdxBytes(path, 'label'));
}

/** Only the header of a file: reads the first few kilobytes, even of a gzip file. */
export function readIdxHead(path: string): Uint8Array {
  const bytes = readFile(path, { start: 0, length: HEAD_BYTES });
  return isGzip(bytes) ? gunzip(path, bytes, true) : bytes;
}

function readHeader(file: string, bytes: Uint8Array, kind: 'image' | 'label', magic: number, headerBytes: number): DataView {
  const view = new DataView(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, headerBytes));
  if (bytes.length >= 4 && view.getUint32(0) !== magic) {
    throw new IdxError(dataMessages.badMagic(file, kind, view.getUint32(0), magic));
  }
  if (bytes.length < headerBytes) {
    throw new IdxError(dataMessages.tooShortForHeader(file, kind, headerBytes, bytes.length));
  }
  return view;
}

function checkLength(file: string, bytes: Uint8Array, headerBytes: number, dims: number[]): void {
  checkByteLength(file, bytes.length, headerBytes, dims);
}

function checkByteLength(file: string, length: number, headerBytes: number, dims: number[]): void {
  const expected = headerBytes + dims.reduce((a, b) => a * b, 1);
  if (length !== expected) throw new IdxError(dataMessages.badLength(file, expected, headerBytes, dims, length));
}

/**
 * Checks a file's length against its header without reading it: an uncompressed file's from
 * its size on disk, a gzip file's from its trailer, which records the inflated size modulo
 * 4 GiB (RFC 1952's ISIZE): a file that would inflate to more or less than declared is
 * caught before anything is inflated.
 */
export function checkFileLength(path: string, headerBytes: number, dims: number[]): void {
  const file = basename(path);
  const size = checkedSize(path);
  if (!isGzip(readFile(path, { start: 0, length: 2 }))) {
    checkByteLength(file, size, headerBytes, dims);
    return;
  }
  const expected = headerBytes + dims.reduce((a, b) => a * b, 1);
  const trailer = readFile(path, { start: Math.max(0, size - 4), length: 4 });
  const recorded = trailer.length === 4 ? trailer.readUInt32LE(0) : -1;
  if (recorded !== expected % 2 ** 32) {
    throw new IdxError(dataMessages.gzipLength(file, expected, headerBytes, dims, recorded));
  }
}

function checkedSize(path: string): number {
  try {
    return checkRegularFile(path, MAX_IDX_BYTES, WHAT).size;
  } catch (error) {
    if (error instanceof FileReadError) throw new IdxError(dataMessages.unreadable(basename(path), error.reason));
    throw error;
  }
}
