/**
 * The random source the network core draws from: weights, minibatch indices, shuffles.
 * Two generators implement it: `numpy` (bit-compatible with NumPy's legacy global
 * generator, for parity with the seed's reference script) and `default` (xoshiro128**).
 */
import { Mt19937 } from './mt19937.js';
import { NumpyRandom } from './numpy-random.js';
import { Xoshiro128Random } from './xoshiro128.js';
import { randomMessages } from './messages.js';
import { checkSeed } from './checks.js';

export { MAX_SEED } from './checks.js';

export interface Random {
  /** A uniform double in [0, 1) with 53 random bits. */
  uniform(): number;
  /** A standard normal draw (mean 0, variance 1). */
  normal(): number;
  /** A uniform integer in [0, n), unbiased; n is an integer in 1..2^32. */
  int(n: number): number;
}

export type RandomKind = 'default' | 'numpy';

/**
 * A generator of the given kind, seeded. Same kind and seed, same draws on every machine.
 * Example: `createRandom('numpy', 7).normal()` equals `np.random.seed(7); np.random.randn()`.
 */
export function createRandom(kind: RandomKind, seed: number): Random {
  checkSeed(seed);
  switch (kind) {
    case 'numpy':
      return new NumpyRandom(new Mt19937(seed));
    case 'default':
      return new Xoshiro128Random(seed);
    default:
      throw new RangeError(randomMessages.unknownKind(kind));
  }
}
