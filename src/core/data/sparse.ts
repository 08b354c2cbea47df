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

export function buildSparse(pixels: Uint8Array, count: number, features: number, arena: Arena): SparseImages {
  const rowStart = allocArray(arena, Uint32Array, count + 1);
  let nnz = 0;
  for (let i = 0; i < count; i++) {
    rowStart[i] = nnz;
    for (let p = i * features, end = p + features; p < end; p++) if (pixels[p] !== 0) nnz++;
  }
  rowStart[count] = nnz;
  const index = allocArray(arena, Uint16Array, nnz);
  const value = allocArray(arena, Uint8Array, nnz);
  let e = 0;
  for (let i = 0; i < count; i++) {
    const base = i * features;
    for (let p = 0; p < features; p++) {
      const v = pixels[base + p];
      if (v === 0) continue;
      index[e] = p;
      value[e++] = v;
    }
  }
  return { rowStart, index, value };
}
