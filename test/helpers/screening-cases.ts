/**
 * Networks whose class evaluation's screening (src/core/kernels/native/screen.c) must leave
 * to the exact kernels, for the tests that give them to each set that screens
 * (test/core/screened-evaluation.test.ts for AVX2, test/core/neon-kernels.test.ts for NEON).
 */
import type { Floats } from '../../src/core/floats.js';
import { referenceKernels } from '../../src/core/kernels/reference.js';
import type { Random } from '../../src/core/random/index.js';
import { packSparse } from './kernel-inputs.js';

/** One image of every pixel set, and a network of one hidden unit and two classes. */
export interface RoundingCase {
  entries: { index: number; value: number }[];
  W1: number[];
  b1: number;
  W2: [number, number];
  b2: [number, number];
  /** Whether score 1 lies strictly between the exact kernels' hidden unit and the true sum, as meant (else float32 could not tell them apart). */
  decidedByRounding: boolean;
}

/**
 * A class float32's own roundings decide: weights exact in half precision, so only roundings
 * separate the exact kernels' hidden unit from the true sum; a bias cancels the sum down to
 * about 0.001, so the large partial sums' roundings (which the screen's fused sums round
 * differently) are large against it; and score 1 is a bias between the exact kernels' unit
 * and the true one. `pixel` is the pixel values' table.
 */
export function roundingDecidedCase(random: Random, pixel: Floats): RoundingCase {
  const entries = Array.from({ length: 784 }, (_, index) => ({ index, value: 1 + random.int(255) }));
  const W1 = Array.from({ length: 784 }, () => (512 + random.int(512)) / 1024);
  const products = entries.reduce((sum, { index, value }) => sum + pixel[value] * W1[index], 0);
  const b1 = Math.fround(-products + 0.001);
  const exactSum = b1 + products;
  const images = packSparse([entries], 784, (bytes) => ({ buffer: new ArrayBuffer(bytes), byteOffset: 0 }));
  const hidden = new Float32Array(1);
  referenceKernels.sparseAffine({ images, rows: Int32Array.of(0), n: 1, pixel, W: Float32Array.from(W1), m: 1, b: Float32Array.of(b1), out: hidden });
  const between = Math.fround((hidden[0] + exactSum) / 2);
  const decidedByRounding = between > Math.min(hidden[0], exactSum) && between < Math.max(hidden[0], exactSum);
  return { entries, W1, b1, W2: [1, 0], b2: [0, between], decidedByRounding };
}
