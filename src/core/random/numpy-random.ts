/**
 * NumPy's legacy global generator (RandomState) after `np.random.seed(n)`, draw for draw.
 * Ported from numpy/random/src/legacy/legacy-distributions.c (legacy_double, legacy_gauss)
 * and numpy/random/src/distributions/distributions.c (random_bounded_uint64_fill with
 * buffered_bounded_masked_uint32, random_interval), which is what randn, random_sample,
 * randint(0, n), choice(n, k) and shuffle/permutation call.
 */
import type { Mt19937 } from './mt19937.js';
import { checkBound } from './checks.js';
import { glibcLog } from '../numpy-math/glibc-log.js';
import { PolarGaussian } from './polar.js';
import type { Random } from './source.js';

/** Numbers in an MT19937 state: 624 words and a position. */
const MT_STATE = 625;

export class NumpyRandom implements Random {
  private readonly gaussian = new PolarGaussian(() => this.uniform(), glibcLog);

  constructor(private readonly mt: Mt19937) {}

  state(): number[] {
    return [...this.mt.state(), ...this.gaussian.state()];
  }

  restore(state: readonly number[]): void {
    this.mt.restore(state.slice(0, MT_STATE));
    this.gaussian.restore(state.slice(MT_STATE));
  }

  /** random_sample: 27 + 26 bits of two draws -> a double in [0, 1). */
  uniform(): number {
    const a = this.mt.nextUint32() >>> 5;
    const b = this.mt.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** randn: the polar method with its cached second value; legacy_gauss calls glibc's log. */
  normal(): number {
    return this.gaussian.next();
  }

  /**
   * randint(0, n) / one entry of choice(n, k): masked rejection on 32-bit draws
   * (mask = smallest 2^k-1 >= n-1; draw until (u & mask) <= n-1). n = 1 draws nothing.
   */
  int(n: number): number {
    checkBound(n);
    const max = n - 1;
    if (max === 0) return 0;
    if (max === 0xffffffff) return this.mt.nextUint32();
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    let value: number;
    do {
      value = (this.mt.nextUint32() & mask) >>> 0;
    } while (value > max);
    return value;
  }
}
