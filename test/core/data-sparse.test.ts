import { describe, expect, it } from 'vitest';
import { defaultArena } from '../../src/core/data/arena.js';
import { buildSparse } from '../../src/core/data/sparse.js';
import { createRandom } from '../../src/core/random/index.js';

/** The sparse form read off the pixels one at a time, as the definition says. */
function pixelByPixel(pixels: Uint8Array, count: number, features: number) {
  const rowStart = [0];
  const index: number[] = [];
  const value: number[] = [];
  for (let i = 0; i < count; i++) {
    for (let p = 0; p < features; p++) {
      const v = pixels[i * features + p];
      if (v !== 0) {
        index.push(p);
        value.push(v);
      }
    }
    rowStart.push(index.length);
  }
  return { rowStart, index, value };
}

describe('the sparse form of a split', () => {
  it('is the nonzero pixels in order for any image width, any alignment of the pixels, and empty or full images', () => {
    const random = createRandom('default', 5);
    for (let t = 0; t < 400; t++) {
      const features = 1 + random.int(37);
      const count = random.int(7);
      const offset = random.int(8);
      // the pixels start `offset` bytes into their buffer, so the 4-byte words fall anywhere in an image
      const pixels = new Uint8Array(new ArrayBuffer(offset + count * features), offset, count * features);
      const density = [0, 0.2, 0.9, 1][t % 4];
      for (let i = 0; i < pixels.length; i++) pixels[i] = random.uniform() < density ? 1 + random.int(255) : 0;
      const sparse = buildSparse(pixels, count, features, defaultArena);
      const expected = pixelByPixel(pixels, count, features);
      const shape = JSON.stringify({ features, count, offset, density });
      expect(Array.from(sparse.rowStart), shape).toEqual(expected.rowStart);
      expect(Array.from(sparse.index), shape).toEqual(expected.index);
      expect(Array.from(sparse.value), shape).toEqual(expected.value);
    }
  });
});
