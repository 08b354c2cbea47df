/**
 * The compact sparse form of a split's images, built once at load (compressed sparse
 * rows): per image, its nonzero pixels in ascending pixel order. MNIST is 81% zeros, so
 * the first layer's kernels read about a fifth of the pixels.
 */
import { allocArray, type Arena } from './arena.js';

export interface SparseImages {
  /** count+1: entries of image i are [rowStart[i], rowStart[i+1]). */
  rowStart: Uint32Array;
  /** nnz: pixel index (within the image) of each entry, ascending within an image. */
  index: Uint16Array;
  /** nnz: raw pixel value (1..255) of each entry. */
  value: Uint8Array;
}

/**
 * Two passes over the pixels (count, then fill), each reading four pixels at a time
 * where they are 4-byte aligned and skipping the groups that are all zero (the
 * background): the load's cost was mostly these loops, one pixel at a time.
 */
export function buildSparse(pixels: Uint8Array, count: number, features: number, arena: Arena): SparseImages {
  const words = wordsOf(pixels);
  const rowStart = allocArray(arena, Uint32Array, count + 1);
  let nnz = 0;
  for (let i = 0; i < count; i++) {
    rowStart[i] = nnz;
    nnz = scanImage(pixels, words, i * features, features, null, null, nnz);
  }
  rowStart[count] = nnz;
  const index = allocArray(arena, Uint16Array, nnz);
  const value = allocArray(arena, Uint8Array, nnz);
  for (let i = 0; i < count; i++) scanImage(pixels, words, i * features, features, index, value, rowStart[i]);
  return { rowStart, index, value };
}

/** The pixels as 32-bit words, the first of them at the first 4-byte aligned pixel. */
function wordsOf(pixels: Uint8Array): { words: Uint32Array; first: number } {
  const first = (4 - (pixels.byteOffset % 4)) % 4;
  if (pixels.length < first + 4) return { words: new Uint32Array(0), first };
  return { words: new Uint32Array(pixels.buffer, pixels.byteOffset + first, Math.floor((pixels.length - first) / 4)), first };
}

/**
 * The nonzero pixels of the image at pixels[base, base + features), in order, written as
 * entries from `e` when `index` is given, else only counted; returns the entry after them.
 */
function scanImage(pixels: Uint8Array, { words, first }: { words: Uint32Array; first: number }, base: number, features: number,
  index: Uint16Array | null, value: Uint8Array | null, e: number): number {
  const end = base + features;
  // pixels before the first whole word of the image, one at a time
  let p = base;
  const wordStart = Math.min(end, p <= first ? first : first + Math.ceil((p - first) / 4) * 4);
  for (; p < wordStart; p++) e = visit(pixels[p], p - base, index, value, e);
  // whole words: an all-zero word is four background pixels
  const wordEnd = first + Math.floor((end - first) / 4) * 4;
  for (let w = (p - first) >> 2; p + 4 <= wordEnd; w++, p += 4) {
    const word = words[w];
    if (word === 0) continue;
    if (index === null) {
      e += nonzeroBytes(word);
      continue;
    }
    e = visit(pixels[p], p - base, index, value, e);
    e = visit(pixels[p + 1], p + 1 - base, index, value, e);
    e = visit(pixels[p + 2], p + 2 - base, index, value, e);
    e = visit(pixels[p + 3], p + 3 - base, index, value, e);
  }
  for (; p < end; p++) e = visit(pixels[p], p - base, index, value, e);
  return e;
}

/** How many of a word's four bytes are nonzero: each byte's bits folded into its lowest, then summed. */
function nonzeroBytes(word: number): number {
  let t = word | (word >>> 4);
  t |= t >>> 2;
  t = (t | (t >>> 1)) & 0x01010101;
  return Math.imul(t, 0x01010101) >>> 24;
}

/** One pixel: a nonzero one becomes entry e (when writing); returns the next entry. */
function visit(v: number, at: number, index: Uint16Array | null, value: Uint8Array | null, e: number): number {
  if (v === 0) return e;
  if (index !== null) {
    index[e] = at;
    value![e] = v;
  }
  return e + 1;
}
