import type { Floats, Precision, SparseImages } from '../floats.js';
import { allocFloats } from '../floats.js';
import { softmaxRows } from '../functions.js';
import type { KernelSet, Kernels } from './kernels.js';
import { col2im, convOutput, convOutputGrad, im2col, maxPool, maxPoolBackward, sparseIm2col } from './layout.js';

/**
 * Plain TypeScript kernels for either precision.
 *
 * Float32: the reference the WebAssembly kernels are tested against. One rounding per
 * multiply and per add (products rounded with Math.fround), terms summed in storage
 * order starting from the bias, exactly as assembly/kernels.ts sums them.
 *
 * Float64: plain float64 arithmetic in the same order; blas64.ts has the slower kernels
 * that reproduce NumPy's BLAS to the last digit.
 *
 * The optimizers' steps compute in float64 and round once, where they store (the
 * textbook's loops); every set uses these.
 */
export const referenceKernels: Kernels = {
  name: 'reference',

  alloc: (precision: Precision, length: number) => allocFloats(precision, length),
  allocIndices: (length: number) => new Int32Array(length),

  affine({ x, n, k, W, m, b, out }) {
    const round = rounding(out);
    for (let r = 0; r < n; r++) {
      const o = r * m;
      for (let j = 0; j < m; j++) out[o + j] = b[j];
      for (let i = 0; i < k; i++) {
        const xi = x[r * k + i];
        const row = i * m;
        for (let j = 0; j < m; j++) out[o + j] += round(xi * W[row + j]);
      }
    }
  },

  sparseAffine({ images, rows, n, pixel, W, m, b, out }) {
    const { rowStart, index, value } = images;
    const round = rounding(out);
    for (let r = 0; r < n; r++) {
      const o = r * m;
      for (let j = 0; j < m; j++) out[o + j] = b[j];
      for (let e = rowStart[rows[r]]; e < rowStart[rows[r] + 1]; e++) {
        const v = pixel[value[e]];
        const row = index[e] * m;
        for (let j = 0; j < m; j++) out[o + j] += round(v * W[row + j]);
      }
    }
  },

  affineGrad({ x, n, k, dout, m, dW, db }) {
    const round = rounding(dW);
    dW.fill(0, 0, k * m);
    for (let r = 0; r < n; r++) {
      for (let i = 0; i < k; i++) {
        const xi = x[r * k + i];
        const row = i * m;
        for (let j = 0; j < m; j++) dW[row + j] += round(xi * dout[r * m + j]);
      }
    }
    columnSums(dout, n, m, db);
  },

  sparseAffineGrad({ images, rows, n, pixel, dout, m, dW, db }) {
    const { rowStart, index, value } = images;
    const round = rounding(dW);
    dW.fill(0, 0, images.features * m);
    for (let r = 0; r < n; r++) {
      for (let e = rowStart[rows[r]]; e < rowStart[rows[r] + 1]; e++) {
        const v = pixel[value[e]];
        const row = index[e] * m;
        for (let j = 0; j < m; j++) dW[row + j] += round(v * dout[r * m + j]);
      }
    }
    columnSums(dout, n, m, db);
  },

  affineInputGrad({ dout, n, m, W, k, dx }) {
    const round = rounding(dx);
    for (let r = 0; r < n; r++) {
      for (let i = 0; i < k; i++) {
        let s = 0;
        for (let j = 0; j < m; j++) s = round(s + round(dout[r * m + j] * W[i * m + j]));
        dx[r * k + i] = s;
      }
    }
  },

  classifySparse({ images, rows, n, pixel, W1, b1, hidden, W2, b2, outputs, scratch, predicted }) {
    const h = scratch.subarray(0, hidden);
    const scores = scratch.subarray(hidden, hidden + outputs);
    for (let r = 0; r < n; r++) {
      referenceKernels.sparseAffine({ images, rows: rows.subarray(r, r + 1), n: 1, pixel, W: W1, m: hidden, b: b1, out: h });
      referenceKernels.relu({ x: h, out: h, length: hidden });
      referenceKernels.affine({ x: h, n: 1, k: hidden, W: W2, m: outputs, b: b2, out: scores });
      let best = 0;
      for (let j = 1; j < outputs; j++) if (scores[j] > scores[best]) best = j;
      predicted[r] = best;
    }
  },

  softmax: ({ x, n, m, out }) => softmaxRows(x, n, m, out),

  relu({ x, out, length }) {
    for (let i = 0; i < length; i++) out[i] = x[i] > 0 ? x[i] : 0;
  },

  reluBackward({ out, dout, length }) {
    for (let i = 0; i < length; i++) if (out[i] === 0) dout[i] = 0;
  },

  scaledSubtract({ y, a, x, length }) {
    const round = rounding(y);
    const alpha = round(a);
    for (let i = 0; i < length; i++) y[i] -= round(alpha * x[i]);
  },
  /** v = momentum * v - lr * grad; param += v */
  momentumStep({ param, grad, velocity: v, lr, momentum: coefficient }) {
    for (let i = 0; i < param.length; i++) {
      v[i] = coefficient * v[i] - lr * grad[i];
      param[i] += v[i];
    }
  },

  /** h += grad^2; param -= lr * grad / (sqrt(h) + 1e-7) */
  adaGradStep({ param, grad, squares: h, lr }) {
    for (let i = 0; i < param.length; i++) {
      h[i] += grad[i] * grad[i];
      param[i] -= (lr * grad[i]) / (Math.sqrt(h[i]) + 1e-7);
    }
  },

  /** Adam in the textbook's form, bias correction folded into the rate (lrT). */
  adamStep({ param, grad, moment: mk, variance: vk, lr: lrT, beta1, beta2 }) {
    for (let i = 0; i < param.length; i++) {
      mk[i] += (1 - beta1) * (grad[i] - mk[i]);
      vk[i] += (1 - beta2) * (grad[i] * grad[i] - vk[i]);
      param[i] -= (lrT * mk[i]) / (Math.sqrt(vk[i]) + 1e-7);
    }
  },

  im2col: ({ x, n, window, col }) => im2col(x, n, window, col),
  sparseIm2col: ({ images, rows, n, pixel, window, col }) => sparseIm2col(images, rows, n, pixel, window, col),
  col2im: ({ dcol, n, window, dx }) => col2im(dcol, n, window, dx),
  maxPool: ({ x, n, window, out, argmax }) => maxPool(x, n, window, out, argmax),
  maxPoolBackward: ({ dout, argmax, outputs, dx, inputs }) => maxPoolBackward(dout, argmax, outputs, dx, inputs),
  convOutput: ({ out2d, n, positions, filters, b, out }) => convOutput(out2d, n, positions, filters, b, out),
  convOutputGrad: ({ dout, n, positions, filters, dout2d }) => convOutputGrad(dout, n, positions, filters, dout2d),
};

/** The reference set in the registry: works on any arrays, so it runs everywhere. */
export const referenceSet: KernelSet = {
  name: 'reference',
  create: () => referenceKernels,
};

const identity = (v: number): number => v;

/** Rounds a product to the array's precision (JavaScript computes in float64). */
function rounding(a: Floats): (v: number) => number {
  return a instanceof Float32Array ? Math.fround : identity;
}

function columnSums(dout: Floats, n: number, m: number, db: Floats): void {
  db.fill(0, 0, m);
  for (let r = 0; r < n; r++) for (let j = 0; j < m; j++) db[j] += dout[r * m + j];
}
