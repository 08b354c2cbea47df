import type { Floats, Precision, SparseImages } from '../floats.js';

/**
 * The arithmetic that dominates training and evaluation, behind one interface so
 * that a fast implementation (WebAssembly SIMD) can stand in for the reference one.
 * Every matrix is dense and row-major; `n` is always the number of rows (images).
 */
export interface Kernels {
  readonly name: string;
  /** Arrays the kernels can work on (the WebAssembly kernels need their own memory). */
  alloc(precision: Precision, length: number): Floats;
  /** Row indices the sparse kernels can read. */
  allocIndices(length: number): Int32Array;
  /** out[n x m] = x[n x k] . W[k x m] + b[m] */
  affine(x: Floats, n: number, k: number, W: Floats, m: number, b: Floats, out: Floats): void;
  /** out[n x m] = X . W + b, where row r of X is image rows[r] of `images`, pixels scaled by `pixel` */
  sparseAffine(images: SparseImages, rows: Int32Array, n: number, pixel: Floats, W: Floats, m: number, b: Floats, out: Floats): void;
  /** dW[k x m] = x^T . dout; db[m] = column sums of dout[n x m] */
  affineGrad(x: Floats, n: number, k: number, dout: Floats, m: number, dW: Floats, db: Floats): void;
  /** dW = X^T . dout and db for sparse X, as `sparseAffine` reads it */
  sparseAffineGrad(images: SparseImages, rows: Int32Array, n: number, pixel: Floats, dout: Floats, m: number, dW: Floats, db: Floats): void;
  /** dx[n x k] = dout[n x m] . W^T; `workspace` holds at least workspaceFor(k, m) values */
  affineInputGrad(dout: Floats, n: number, m: number, W: Floats, k: number, dx: Floats, workspace: Floats): void;
  /**
   * The predicted class of each row of a one-hidden-layer ReLU network on sparse input:
   * argmax(relu(X . W1 + b1) . W2 + b2), as sparseAffine and affine compute it.
   * `scratch` holds at least hidden + outputs + 12 values.
   */
  classifySparse(images: SparseImages, rows: Int32Array, n: number, pixel: Floats, W1: Floats, b1: Floats, hidden: number,
    W2: Floats, b2: Floats, outputs: number, scratch: Floats, predicted: Int32Array): void;
  /** out = x > 0 ? x : 0, elementwise */
  relu(x: Floats, out: Floats, length: number): void;
  /** dout = out == 0 ? 0 : dout, elementwise: ReLU's backward pass from its output */
  reluBackward(out: Floats, dout: Floats, length: number): void;
  /** y -= a * x, elementwise over `length` values */
  scaledSubtract(y: Floats, a: number, x: Floats, length: number): void;
}

/** Values of workspace affineInputGrad needs: zeros for a bias, and W transposed. */
export function workspaceFor(k: number, m: number): number {
  return k + 4 + k * m;
}
