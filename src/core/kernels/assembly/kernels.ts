// WebAssembly SIMD (f32x4) kernels for the float32 path, compiled by AssemblyScript at
// build time. Every argument is an address in the (shared) linear memory; matrices are
// dense row-major, float32. Each kernel computes what src/core/kernels/reference.ts
// computes, term for term in the same order, with one rounding per multiply and per add
// (no fused multiply-add and no relaxed SIMD, so results are the same on every x86-64).
//
// Vectors of 4 may run past the end of a row: a row of m columns is covered by
// ceil(m / 4) vectors. Reads past the end of a matrix land in the 16 bytes of slack every
// allocation has; lanes past column m are either discarded (forward passes write whole
// vectors, rows in ascending order, so row r's spill into row r + 1 is overwritten when
// row r + 1 is computed) or masked to zero before they are added to memory.

/** Lanes [0, valid) all ones, the rest zero. */
@inline function laneMask(valid: i32): v128 {
  return i32x4.gt_s(i32x4.splat(valid), i32x4(0, 1, 2, 3));
}

// The register-blocked loops, generated at build time by tools/generate-blocks.mjs (outside src/).
import { denseForwardAll, denseGradientAll, sparseForwardAll, sparseGradientAll } from '../../../../build/assembly/blocks';

// ---- Sparse forward: out[r, :] = b + sum over the nonzero pixels p of image rows[r] of x_p W[p, :]

export function sparseAffine(rowStart: usize, index: usize, value: usize, rows: usize, n: i32,
                             pixel: usize, W: usize, m: i32, b: usize, out: usize): void {
  const rowBytes = <usize>m << 2;
  const vectors = (m + 3) >> 2;
  for (let r = 0; r < n; r++) {
    const image = <usize>load<i32>(rows + (<usize>r << 2));
    const first = load<u32>(rowStart + (image << 2));
    const last = load<u32>(rowStart + (image << 2), 4);
    sparseForwardAll(vectors, W, rowBytes, index, value, pixel, first, last, b, out + <usize>r * rowBytes);
  }
}

// ---- Dense forward: out[r, :] = b + sum over i of x[r, i] W[i, :]

export function affine(x: usize, n: i32, k: i32, W: usize, m: i32, b: usize, out: usize): void {
  const rowBytes = <usize>m << 2;
  const vectors = (m + 3) >> 2;
  for (let r = 0; r < n; r++) {
    denseForwardAll(vectors, W, rowBytes, x + ((<usize>r * <usize>k) << 2), k, b, out + <usize>r * rowBytes);
  }
}

// ---- Gradients: dW[i, :] = sum of x[r, i] dout[r, :] over rows r in order; db = column sums

function zero(p: usize, bytes: usize): void {
  memory.fill(p, 0, bytes);
}

function columnSums(dout: usize, n: i32, m: i32, db: usize): void {
  zero(db, <usize>m << 2);
  for (let r = 0; r < n; r++) {
    const d = dout + ((<usize>r * <usize>m) << 2);
    for (let j = 0; j < m; j++) store<f32>(db + (<usize>j << 2), load<f32>(db + (<usize>j << 2)) + load<f32>(d + (<usize>j << 2)));
  }
}

export function sparseAffineGrad(rowStart: usize, index: usize, value: usize, rows: usize, n: i32,
                                 features: i32, pixel: usize, dout: usize, m: i32, dW: usize, db: usize): void {
  const rowBytes = <usize>m << 2;
  const vectors = (m + 3) >> 2;
  const mask = laneMask(m & 3 ? m & 3 : 4);
  const all = laneMask(4);
  zero(dW, <usize>features * rowBytes);
  for (let r = 0; r < n; r++) {
    const image = <usize>load<i32>(rows + (<usize>r << 2));
    const first = load<u32>(rowStart + (image << 2));
    const last = load<u32>(rowStart + (image << 2), 4);
    sparseGradientAll(vectors, dW, rowBytes, index, value, pixel, first, last, dout + <usize>r * rowBytes, mask, all);
  }
  columnSums(dout, n, m, db);
}

export function affineGrad(x: usize, n: i32, k: i32, dout: usize, m: i32, dW: usize, db: usize): void {
  const rowBytes = <usize>m << 2;
  const vectors = (m + 3) >> 2;
  for (let i = 0; i < k; i++) denseGradientAll(vectors, dW, rowBytes, x, n, k, i, dout);
  columnSums(dout, n, m, db);
}

// ---- ReLU: out = x > 0 ? x : 0; backward: dout = out == 0 ? 0 : dout

export function relu(x: usize, out: usize, length: i32): void {
  const zero4 = f32x4.splat(0);
  const vectors = length >> 2;
  for (let v = 0; v < vectors; v++) {
    const at = <usize>v << 4;
    const a = v128.load(x + at);
    v128.store(out + at, v128.and(a, f32x4.gt(a, zero4)));
  }
  for (let i = vectors << 2; i < length; i++) {
    const a = load<f32>(x + (<usize>i << 2));
    store<f32>(out + (<usize>i << 2), a > 0 ? a : 0);
  }
}

export function reluBackward(out: usize, dout: usize, length: i32): void {
  const zero4 = f32x4.splat(0);
  const vectors = length >> 2;
  for (let v = 0; v < vectors; v++) {
    const at = <usize>v << 4;
    v128.store(dout + at, v128.and(v128.load(dout + at), f32x4.ne(v128.load(out + at), zero4)));
  }
  for (let i = vectors << 2; i < length; i++) {
    if (load<f32>(out + (<usize>i << 2)) == 0) store<f32>(dout + (<usize>i << 2), 0);
  }
}

// ---- dx[n x k] = dout[n x m] . W^T, as dout . WT + 0 with WT = W transposed (in the workspace)

export function affineInputGrad(dout: usize, n: i32, m: i32, W: usize, k: i32, dx: usize, workspace: usize): void {
  const zeros = workspace;
  const WT = workspace + ((<usize>k + 4) << 2);
  zero(zeros, (<usize>k + 4) << 2);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < m; j++) store<f32>(WT + ((<usize>j * <usize>k + <usize>i) << 2), load<f32>(W + ((<usize>i * <usize>m + <usize>j) << 2)));
  }
  affine(dout, n, m, WT, k, zeros, dx);
}

// ---- Evaluation of a one-hidden-layer ReLU network, fused: for each image, the hidden
// layer (in registers, up to 52 units at a time), ReLU, the output layer and the argmax.
// scratch: room for the hidden row and the scores, (hidden + outputs + 12) floats.

export function classifySparse(rowStart: usize, index: usize, value: usize, rows: usize, n: i32, pixel: usize,
                               W1: usize, b1: usize, hidden: i32, W2: usize, b2: usize, outputs: i32,
                               scratch: usize, predicted: usize): void {
  const rowBytes = <usize>hidden << 2;
  const vectors = (hidden + 3) >> 2;
  const zero4 = f32x4.splat(0);
  const scores = scratch + (<usize>vectors << 4) + 16;
  for (let r = 0; r < n; r++) {
    const image = <usize>load<i32>(rows + (<usize>r << 2));
    const first = load<u32>(rowStart + (image << 2));
    const last = load<u32>(rowStart + (image << 2), 4);
    sparseForwardAll(vectors, W1, rowBytes, index, value, pixel, first, last, b1, scratch);
    for (let v = 0; v < vectors; v++) {
      const at = <usize>v << 4;
      const h = v128.load(scratch + at);
      v128.store(scratch + at, v128.and(h, f32x4.gt(h, zero4)));
    }
    affine(scratch, 1, hidden, W2, outputs, b2, scores);
    let best = 0;
    let top = load<f32>(scores);
    for (let j = 1; j < outputs; j++) {
      const s = load<f32>(scores + (<usize>j << 2));
      if (s > top) { top = s; best = j; }
    }
    store<i32>(predicted + (<usize>r << 2), best);
  }
}

// ---- y -= a * x

export function scaledSubtract(y: usize, a: f32, x: usize, length: i32): void {
  const s = f32x4.splat(a);
  const vectors = length >> 2;
  for (let v = 0; v < vectors; v++) {
    const at = <usize>v << 4;
    v128.store(y + at, f32x4.sub(v128.load(y + at), f32x4.mul(s, v128.load(x + at))));
  }
  for (let i = vectors << 2; i < length; i++) {
    const at = <usize>i << 2;
    store<f32>(y + at, load<f32>(y + at) - a * load<f32>(x + at));
  }
}
