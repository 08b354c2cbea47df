/**
 * IDX files (LeCun, Cortes and Burges, "THE MNIST DATABASE of handwritten digits"):
 * big-endian header, then unsigned bytes. Images: magic 0x00000803, count, rows, cols;
 * labels: magic 0x00000801, count. Raw or gzip-compressed (gzip found by its 1f 8b magic).
 * Every check throws an IdxError naming the file and what was expected.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync, constants as zlibConstants } from 'node:zlib';
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

/** The file's bytes, gunzipped if they start with the gzip magic. */
export function readIdxBytes(path: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new IdxError(dataMessages.unreadable(basename(path), (error as Error).message));
  }
  return isGzip(bytes) ? gunzip(path, bytes) : bytes;
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
  return parseImages(basename(path), readIdxBytes(path));
}

/** Reads and checks a label file (raw or gzip). */
export function readIdxLabels(path: string): IdxLabels {
  return parseLabels(basename(path), readIdxBytes(path));
}

/** Only the header of a file: reads the first few kilobytes, even of a gzip file. */
export function readIdxHead(path: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    const fd = openSync(path, 'r');
    try {
      const head = new Uint8Array(4096);
      bytes = head.subarray(0, readSync(fd, head, 0, head.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new IdxError(dataMessages.unreadable(basename(path), (error as Error).message));
  }
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
 * Checks an uncompressed file's length against its header from its size on disk, without
 * reading it (a gzip file's length is known only once inflated, so it is not checked here).
 */
export function checkRawFileLength(path: string, headerBytes: number, dims: number[]): void {
  const start = new Uint8Array(2);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, start, 0, 2, 0);
  } finally {
    closeSync(fd);
  }
  if (isGzip(start)) return;
  checkByteLength(basename(path), statSync(path).size, headerBytes, dims);
}
