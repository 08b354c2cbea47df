/**
 * Float64 kernels with the arithmetic NumPy gets from OpenBLAS's dgemm (Haswell kernels,
 * as NumPy's OpenBLAS picks on the machines this project measures on): every sum is a
 * chain of fused multiply-adds in index order; the summed dimension is cut into blocks
 * (GEMM_Q = 256, with OpenBLAS level3.c's halving rule) whose partial sums are added in
 * order; the bias is added after the product, as `np.dot(x, W) + b` does. Zero inputs are
 * skipped, which changes no result (fma(0, w, s) == s). Verified against NumPy's output
 * bit for bit (test/core/parity.test.ts reproduces the reference's losses).
 */
import type { SparseImages } from '../floats.js';
import { fma } from './fma.js';
import type { Kernels } from './kernels.js';
import { referenceKernels } from './reference.js';

const GEMM_Q = 256;
const GEMM_UNROLL_M = 4;

/** The [start, end) blocks OpenBLAS's level-3 driver cuts a sum over k terms into. */
export function kBlocks(k: number): [number, number][] {
  const blocks: [number, number][] = [];
  for (let ls = 0; ls < k; ) {
    let size = k - ls;
    if (size >= 2 * GEMM_Q) size = GEMM_Q;
    else if (size > GEMM_Q) size = Math.ceil(Math.floor(size / 2) / GEMM_UNROLL_M) * GEMM_UNROLL_M;
    blocks.push([ls, ls + size]);
    ls += size;
  }
  return blocks;
}

export function affine64(x: Float64Array, n: number, k: number, W: Float64Array, m: number, b: Float64Array, out: Float64Array): void {
  const blocks = kBlocks(k);
  const acc = new Float64Array(m);
  for (let r = 0; r < n; r++) {
    const o = r * m;
    out.fill(0, o, o + m);
    for (const [start, end] of blocks) {
      acc.fill(0);
      for (let i = start; i < end; i++) {
        const xi = x[r * k + i];
        if (xi === 0) continue;
        for (let j = 0; j < m; j++) acc[j] = fma(xi, W[i * m + j], acc[j]);
      }
      for (let j = 0; j < m; j++) out[o + j] += acc[j];
    }
    for (let j = 0; j < m; j++) out[o + j] += b[j];
  }
}

export function sparseAffine64(images: SparseImages, rows: Int32Array, n: number, pixel: Float64Array, W: Float64Array, m: number, b: Float64Array, out: Float64Array): void {
  const blocks = kBlocks(images.features);
  const acc = new Float64Array(m);
  const { rowStart, index, value } = images;
  for (let r = 0; r < n; r++) {
    const o = r * m;
    const last = rowStart[rows[r] + 1];
    out.fill(0, o, o + m);
    let e = rowStart[rows[r]];
    for (const [, end] of blocks) {
      acc.fill(0);
      for (; e < last && index[e] < end; e++) {
        const v = pixel[value[e]];
        const row = index[e] * m;
        for (let j = 0; j < m; j++) acc[j] = fma(v, W[row + j], acc[j]);
      }
      for (let j = 0; j < m; j++) out[o + j] += acc[j];
    }
    for (let j = 0; j < m; j++) out[o + j] += b[j];
  }
}

/** dW = x^T . dout: a sum over the n rows, in blocks; db = column sums. */
export function affineGrad64(x: Float64Array, n: number, k: number, dout: Float64Array, m: number, dW: Float64Array, db: Float64Array): void {
  blockedSum(n, dW, k * m, (start, end, acc) => {
    for (let r = start; r < end; r++) {
      for (let i = 0; i < k; i++) {
        const xi = x[r * k + i];
        if (xi === 0) continue;
        for (let j = 0; j < m; j++) acc[i * m + j] = fma(xi, dout[r * m + j], acc[i * m + j]);
      }
    }
  });
  columnSums64(dout, n, m, db);
}

export function sparseAffineGrad64(images: SparseImages, rows: Int32Array, n: number, pixel: Float64Array, dout: Float64Array, m: number, dW: Float64Array, db: Float64Array): void {
  const { rowStart, index, value } = images;
  blockedSum(n, dW, images.features * m, (start, end, acc) => {
    for (let r = start; r < end; r++) {
      for (let e = rowStart[rows[r]]; e < rowStart[rows[r] + 1]; e++) {
        const v = pixel[value[e]];
        const row = index[e] * m;
        for (let j = 0; j < m; j++) acc[row + j] = fma(v, dout[r * m + j], acc[row + j]);
      }
    }
  });
  columnSums64(dout, n, m, db);
}

/** dx = dout . W^T: a sum over the m outputs, in blocks. */
export function affineInputGrad64(dout: Float64Array, n: number, m: number, W: Float64Array, k: number, dx: Float64Array): void {
  const blocks = kBlocks(m);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < k; i++) {
      let total = 0;
      for (const [start, end] of blocks) {
        let s = 0;
        for (let j = start; j < end; j++) s = fma(dout[r * m + j], W[i * m + j], s);
        total += s;
      }
      dx[r * k + i] = total;
    }
  }
}

/**
 * out[0, length) = the sum over `terms` terms, cut into OpenBLAS's blocks: `block` adds its
 * terms into a zeroed accumulator, and the blocks' partial sums are added in order.
 */
function blockedSum(terms: number, out: Float64Array, length: number, block: (start: number, end: number, acc: Float64Array) => void): void {
  const blocks = kBlocks(terms);
  out.fill(0, 0, length);
  if (blocks.length <= 1) {
    if (blocks.length === 1) block(0, terms, out);
    return;
  }
  const acc = new Float64Array(length);
  for (const [start, end] of blocks) {
    acc.fill(0);
    block(start, end, acc);
    for (let i = 0; i < length; i++) out[i] += acc[i];
  }
}

/** np.sum(dout, axis=0): rows added in order. */
function columnSums64(dout: Float64Array, n: number, m: number, db: Float64Array): void {
  db.fill(0, 0, m);
  for (let r = 0; r < n; r++) for (let j = 0; j < m; j++) db[j] += dout[r * m + j];
}

/** The reference kernels, with float64 sums done as NumPy's OpenBLAS does them. */
export const numpyKernels: Kernels = {
  ...referenceKernels,
  name: 'numpy-blas',
  affine(args) {
    const { x, n, k, W, m, b, out } = args;
    if (!(out instanceof Float64Array)) return referenceKernels.affine(args);
    affine64(x as Float64Array, n, k, W as Float64Array, m, b as Float64Array, out);
  },
  sparseAffine(args) {
    const { images, rows, n, pixel, W, m, b, out } = args;
    if (!(out instanceof Float64Array)) return referenceKernels.sparseAffine(args);
    sparseAffine64(images, rows, n, pixel as Float64Array, W as Float64Array, m, b as Float64Array, out);
  },
  affineGrad(args) {
    const { x, n, k, dout, m, dW, db } = args;
    if (!(dW instanceof Float64Array)) return referenceKernels.affineGrad(args);
    affineGrad64(x as Float64Array, n, k, dout as Float64Array, m, dW, db as Float64Array);
  },
  sparseAffineGrad(args) {
    const { images, rows, n, pixel, dout, m, dW, db } = args;
    if (!(dW instanceof Float64Array)) return referenceKernels.sparseAffineGrad(args);
    sparseAffineGrad64(images, rows, n, pixel as Float64Array, dout as Float64Array, m, dW, db as Float64Array);
  },
  affineInputGrad(args) {
    const { dout, n, m, W, k, dx } = args;
    if (!(dx instanceof Float64Array)) return referenceKernels.affineInputGrad(args);
    affineInputGrad64(dout as Float64Array, n, m, W as Float64Array, k, dx);
  },
};
