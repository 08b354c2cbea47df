import type { Floats, Precision } from './floats.js';
import type { Kernels } from './kernels/kernels.js';

/**
 * Pixel value (0..255) to network input, exactly as the seed normalises:
 * `uint8 / 255.0` in float32. Float64 networks get the same float32 values widened,
 * as NumPy does when a float32 image meets float64 weights.
 */
export function pixelScale(precision: Precision, kernels: Kernels): Floats {
  const table = kernels.alloc(precision, 256);
  for (let v = 0; v < 256; v++) table[v] = Math.fround(v / 255);
  return table;
}
