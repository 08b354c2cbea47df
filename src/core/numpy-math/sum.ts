/**
 * Sums in the order NumPy adds float64 values when np.sum / np.add.reduce runs along a
 * contiguous axis: pairwise summation with eight accumulators
 * (port of @TYPE@_pairwise_sum, numpy/_core/src/umath/loops_utils.h.src).
 */

/** NumPy's PW_BLOCKSIZE: below it one unrolled block of eight accumulators, above it halves. */
const BLOCK = 128;

/** The sum of n values x[offset], x[offset + stride], ... as NumPy's pairwise sum adds them. */
export function pairwiseSum(x: ArrayLike<number>, offset: number, n: number, stride = 1): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += x[offset + i * stride];
    return res;
  }
  if (n <= BLOCK) {
    let r0 = x[offset];
    let r1 = x[offset + stride];
    let r2 = x[offset + 2 * stride];
    let r3 = x[offset + 3 * stride];
    let r4 = x[offset + 4 * stride];
    let r5 = x[offset + 5 * stride];
    let r6 = x[offset + 6 * stride];
    let r7 = x[offset + 7 * stride];
    const whole = n - (n % 8);
    let i = 8;
    for (; i < whole; i += 8) {
      const o = offset + i * stride;
      r0 += x[o];
      r1 += x[o + stride];
      r2 += x[o + 2 * stride];
      r3 += x[o + 3 * stride];
      r4 += x[o + 4 * stride];
      r5 += x[o + 5 * stride];
      r6 += x[o + 6 * stride];
      r7 += x[o + 7 * stride];
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += x[offset + i * stride];
    return res;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(x, offset, half, stride) + pairwiseSum(x, offset + half * stride, n - half, stride);
}
