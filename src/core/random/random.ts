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
import type { Random } from './source.js';

export { MAX_SEED } from './checks.js';

export type { Random } from './source.js';

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
