/**
 * The compact sparse form of a split's images, built once at load: per image, the
 * nonzero pixels, those equal to 255 first (ascending index), then the others
 * (ascending index). A kernel can add the weight rows of the 255s without multiplying.
 */
import { allocArray, type Arena } from './arena.js';

export interface SparseImages {
  /** count+1: entries of image i are [rowStart[i], rowStart[i+1]). */
  rowStart: Uint32Array;
  /** count: within image i, the first fullCount[i] entries have value 255. */
  fullCount: Uint16Array;
  /** nnz: pixel index (within the image) of each entry. */
  index: Uint16Array;
  /** nnz: raw pixel value of each entry. */
  value: Uint8Array;
}

export function buildSparse(pixels: Uint8Array, count: number, features: number, arena: Arena): SparseImages {
  const rowStart = allocArray(arena, Uint32Array, count + 1);
  const fullCount = allocArray(arena, Uint16Array, count);
  let nnz = 0;
  for (let i = 0; i < count; i++) {
    rowStart[i] = nnz;
    const base = i * features;
    let full = 0;
    for (let p = 0; p < features; p++) {
      const v = pixels[base + p];
      if (v !== 0) {
        nnz++;
        if (v === 255) full++;
      }
    }
    fullCount[i] = full;
  }
  rowStart[count] = nnz;
  const index = allocArray(arena, Uint16Array, nnz);
  const value = allocArray(arena, Uint8Array, nnz);
  for (let i = 0; i < count; i++) {
    const base = i * features;
    let full = rowStart[i];
    let partial = full + fullCount[i];
    for (let p = 0; p < features; p++) {
      const v = pixels[base + p];
      if (v === 255) {
        index[full] = p;
        value[full++] = v;
      } else if (v !== 0) {
        index[partial] = p;
        value[partial++] = v;
      }
    }
  }
  return { rowStart, fullCount, index, value };
}
