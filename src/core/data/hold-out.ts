/**
 * A training slice that gives up a random part as an evaluation slice, as the book's
 * ch. 6 does for its validation data (`shuffle_dataset`, then the first 20%): the slice's
 * images are shuffled once by the default generator seeded 0, the first `round(size x
 * fraction)` of that order are held out, and the rest, in that order, are trained on. The
 * same slice and fraction give the same split in every run, so runs compare on equal terms.
 */
import { createRandom, permutation } from '../random/index.js';

export const HOLD_OUT_SEED = 0;

/** How many of a slice's `size` images a `fraction` holds out. */
export function heldOutCount(size: number, fraction: number): number {
  return Math.round(size * fraction);
}

/** The image indices of the images trained on and of those held out, of the slice [start, end). */
export function holdOut(start: number, end: number, fraction: number): { train: Int32Array; held: Int32Array } {
  const size = end - start;
  const order = permutation(createRandom('default', HOLD_OUT_SEED), size);
  const indices = Int32Array.from(order, (i) => start + i);
  const held = heldOutCount(size, fraction);
  return { held: indices.slice(0, held), train: indices.slice(held) };
}
