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

// ---- Sparse forward: out[r, :] = b + sum over the nonzero pixels p of image rows[r] of x_p W[p, :]

/** One image, columns [col, col + 32): eight accumulators kept in registers. */
@inline function sparseBlock8(W: usize, rowBytes: usize, col: usize, index: usize, value: usize, pixel: usize,
                               first: u32, full: u32, last: u32, b: usize, out: usize): void {
  let a0 = v128.load(b + col, 0), a1 = v128.load(b + col, 16), a2 = v128.load(b + col, 32), a3 = v128.load(b + col, 48);
  let a4 = v128.load(b + col, 64), a5 = v128.load(b + col, 80), a6 = v128.load(b + col, 96), a7 = v128.load(b + col, 112);
  for (let e = first; e < full; e++) {
    // a pixel of 255 is exactly 1.0: x * w == w, so the multiply is skipped
    const w = W + <usize>load<u16>(index + (<usize>e << 1)) * rowBytes + col;
    a0 = f32x4.add(a0, v128.load(w, 0)); a1 = f32x4.add(a1, v128.load(w, 16));
    a2 = f32x4.add(a2, v128.load(w, 32)); a3 = f32x4.add(a3, v128.load(w, 48));
    a4 = f32x4.add(a4, v128.load(w, 64)); a5 = f32x4.add(a5, v128.load(w, 80));
    a6 = f32x4.add(a6, v128.load(w, 96)); a7 = f32x4.add(a7, v128.load(w, 112));
  }
  for (let e = full; e < last; e++) {
    const w = W + <usize>load<u16>(index + (<usize>e << 1)) * rowBytes + col;
    const x = f32x4.splat(load<f32>(pixel + (<usize>load<u8>(value + e) << 2)));
    a0 = f32x4.add(a0, f32x4.mul(x, v128.load(w, 0))); a1 = f32x4.add(a1, f32x4.mul(x, v128.load(w, 16)));
    a2 = f32x4.add(a2, f32x4.mul(x, v128.load(w, 32))); a3 = f32x4.add(a3, f32x4.mul(x, v128.load(w, 48)));
    a4 = f32x4.add(a4, f32x4.mul(x, v128.load(w, 64))); a5 = f32x4.add(a5, f32x4.mul(x, v128.load(w, 80)));
    a6 = f32x4.add(a6, f32x4.mul(x, v128.load(w, 96))); a7 = f32x4.add(a7, f32x4.mul(x, v128.load(w, 112)));
  }
  v128.store(out + col, a0, 0); v128.store(out + col, a1, 16); v128.store(out + col, a2, 32); v128.store(out + col, a3, 48);
  v128.store(out + col, a4, 64); v128.store(out + col, a5, 80); v128.store(out + col, a6, 96); v128.store(out + col, a7, 112);
}

/** One image, columns [col, col + 16). */
@inline function sparseBlock4(W: usize, rowBytes: usize, col: usize, index: usize, value: usize, pixel: usize,
                               first: u32, full: u32, last: u32, b: usize, out: usize): void {
  let a0 = v128.load(b + col, 0), a1 = v128.load(b + col, 16), a2 = v128.load(b + col, 32), a3 = v128.load(b + col, 48);
  for (let e = first; e < full; e++) {
    const w = W + <usize>load<u16>(index + (<usize>e << 1)) * rowBytes + col;
    a0 = f32x4.add(a0, v128.load(w, 0)); a1 = f32x4.add(a1, v128.load(w, 16));
    a2 = f32x4.add(a2, v128.load(w, 32)); a3 = f32x4.add(a3, v128.load(w, 48));
  }
  for (let e = full; e < last; e++) {
    const w = W + <usize>load<u16>(index + (<usize>e << 1)) * rowBytes + col;
    const x = f32x4.splat(load<f32>(pixel + (<usize>load<u8>(value + e) << 2)));
    a0 = f32x4.add(a0, f32x4.mul(x, v128.load(w, 0))); a1 = f32x4.add(a1, f32x4.mul(x, v128.load(w, 16)));
    a2 = f32x4.add(a2, f32x4.mul(x, v128.load(w, 32))); a3 = f32x4.add(a3, f32x4.mul(x, v128.load(w, 48)));
  }
  v128.store(out + col, a0, 0); v128.store(out + col, a1, 16); v128.store(out + col, a2, 32); v128.store(out + col, a3, 48);
}

/** One image, columns [col, col + 4). */
@inline function sparseBlock1(W: usize, rowBytes: usize, col: usize, index: usize, value: usize, pixel: usize,
                               first: u32, full: u32, last: u32, b: usize, out: usize): void {
  let a0 = v128.load(b + col);
  for (let e = first; e < full; e++) {
    a0 = f32x4.add(a0, v128.load(W + <usize>load<u16>(index + (<usize>e << 1)) * rowBytes + col));
  }
  for (let e = full; e < last; e++) {
    const w = W + <usize>load<u16>(index + (<usize>e << 1)) * rowBytes + col;
    const x = f32x4.splat(load<f32>(pixel + (<usize>load<u8>(value + e) << 2)));
    a0 = f32x4.add(a0, f32x4.mul(x, v128.load(w)));
  }
  v128.store(out + col, a0);
}

export function sparseAffine(rowStart: usize, fullCount: usize, index: usize, value: usize, rows: usize, n: i32,
                             pixel: usize, W: usize, m: i32, b: usize, out: usize): void {
  const rowBytes = <usize>m << 2;
  const vectors = (m + 3) >> 2;
  for (let r = 0; r < n; r++) {
    const image = <usize>load<i32>(rows + (<usize>r << 2));
    const first = load<u32>(rowStart + (image << 2));
    const last = load<u32>(rowStart + (image << 2), 4);
    const full = first + <u32>load<u16>(fullCount + (image << 1));
    const o = out + <usize>r * rowBytes;
    let v = 0;
    for (; v + 8 <= vectors; v += 8) sparseBlock8(W, rowBytes, <usize>v << 4, index, value, pixel, first, full, last, b, o);
    for (; v + 4 <= vectors; v += 4) sparseBlock4(W, rowBytes, <usize>v << 4, index, value, pixel, first, full, last, b, o);
    for (; v < vectors; v++) sparseBlock1(W, rowBytes, <usize>v << 4, index, value, pixel, first, full, last, b, o);
  }
}

// ---- Dense forward: out[r, :] = b + sum over i of x[r, i] W[i, :], zero inputs skipped

export function affine(x: usize, n: i32, k: i32, W: usize, m: i32, b: usize, out: usize): void {
  const rowBytes = <usize>m << 2;
  const vectors = (m + 3) >> 2;
  for (let r = 0; r < n; r++) {
    const o = out + <usize>r * rowBytes;
    for (let v = 0; v < vectors; v++) v128.store(o + (<usize>v << 4), v128.load(b + (<usize>v << 4)));
    const xr = x + ((<usize>r * <usize>k) << 2);
    for (let i = 0; i < k; i++) {
      const xi = load<f32>(xr + (<usize>i << 2));
      if (xi == 0) continue;
      const s = f32x4.splat(xi);
      const w = W + <usize>i * rowBytes;
      for (let v = 0; v < vectors; v++) {
        const at = <usize>v << 4;
        v128.store(o + at, f32x4.add(v128.load(o + at), f32x4.mul(s, v128.load(w + at))));
      }
    }
  }
}

// ---- Gradients: dW[i, :] += x[r, i] dout[r, :] over rows r in order; db = column sums

/** dW[i, :] += s * d[:], the last vector's lanes past column m masked to zero. */
@inline function addScaledRow(dW: usize, s: v128, d: usize, full: i32, tail: v128, hasTail: bool): void {
  for (let v = 0; v < full; v++) {
    const at = <usize>v << 4;
    v128.store(dW + at, f32x4.add(v128.load(dW + at), f32x4.mul(s, v128.load(d + at))));
  }
  if (hasTail) {
    const at = <usize>full << 4;
    v128.store(dW + at, f32x4.add(v128.load(dW + at), v128.and(f32x4.mul(s, v128.load(d + at)), tail)));
  }
}

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

export function sparseAffineGrad(rowStart: usize, fullCount: usize, index: usize, value: usize, rows: usize, n: i32,
                                 features: i32, pixel: usize, dout: usize, m: i32, dW: usize, db: usize): void {
  const rowBytes = <usize>m << 2;
  const full = m >> 2;
  const hasTail = (m & 3) != 0;
  const tail = laneMask(m & 3);
  zero(dW, <usize>features * rowBytes);
  for (let r = 0; r < n; r++) {
    const image = <usize>load<i32>(rows + (<usize>r << 2));
    const first = load<u32>(rowStart + (image << 2));
    const last = load<u32>(rowStart + (image << 2), 4);
    const d = dout + <usize>r * rowBytes;
    for (let e = first; e < last; e++) {
      const s = f32x4.splat(load<f32>(pixel + (<usize>load<u8>(value + e) << 2)));
      addScaledRow(dW + <usize>load<u16>(index + (<usize>e << 1)) * rowBytes, s, d, full, tail, hasTail);
    }
  }
  columnSums(dout, n, m, db);
}

export function affineGrad(x: usize, n: i32, k: i32, dout: usize, m: i32, dW: usize, db: usize): void {
  const rowBytes = <usize>m << 2;
  const full = m >> 2;
  const hasTail = (m & 3) != 0;
  const tail = laneMask(m & 3);
  zero(dW, <usize>k * rowBytes);
  for (let r = 0; r < n; r++) {
    const xr = x + ((<usize>r * <usize>k) << 2);
    const d = dout + <usize>r * rowBytes;
    for (let i = 0; i < k; i++) {
      const xi = load<f32>(xr + (<usize>i << 2));
      if (xi == 0) continue;
      addScaledRow(dW + <usize>i * rowBytes, f32x4.splat(xi), d, full, tail, hasTail);
    }
  }
  columnSums(dout, n, m, db);
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
