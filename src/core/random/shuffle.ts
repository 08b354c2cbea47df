/**
 * Shuffles by Fisher-Yates from the end (Knuth, TAOCP vol. 2, Algorithm P): for i from
 * n-1 down to 1, swap i with a uniform j in [0, i]. With NumpyRandom this is NumPy's legacy
 * `shuffle` (its j comes from random_interval(i), the same masked rejection as int(i+1)),
 * so `permutation(createRandom('numpy', s), n)` equals `np.random.seed(s); np.random.permutation(n)`.
 */
import { randomMessages } from './messages.js';
import type { Random } from './source.js';

type Shufflable = { length: number; [index: number]: number };

/** Shuffles `items` in place and returns it. */
export function shuffle<T extends Shufflable>(random: Random, items: T): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
  return items;
}

/** 0..n-1 in a random order. */
export function permutation(random: Random, n: number): Uint32Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(randomMessages.badPermutationSize(n));
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return shuffle(random, out);
}
