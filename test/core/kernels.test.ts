import { describe, expect, it } from 'vitest';
import type { Floats } from '../../src/core/floats.js';
import { workspaceFor, type MemoryKernels } from '../../src/core/kernels/kernels.js';
import { createKernelMemory, KernelMemory } from '../../src/core/kernels/memory.js';
import { nativeAvx512Set } from '../../src/core/kernels/native-avx512.js';
import { nativeAvx2Set, nativeNeonSet } from '../../src/core/kernels/native-vector.js';
import { referenceKernels } from '../../src/core/kernels/reference.js';
import { kernelChoice, kernelSet, selectKernels } from '../../src/core/kernels/registry.js';
import { wasmSimdSet } from '../../src/core/kernels/wasm-simd.js';
import { createRandom } from '../../src/core/random/index.js';
import { kernelInputs } from '../helpers/kernel-inputs.js';

const wasm = kernelSet(wasmSimdSet, new KernelMemory(createKernelMemory()));
// RUN_EXPERIMENTS_KERNELS=native makes the absence of every native set an error
if (kernelChoice() === 'native') selectKernels(createKernelMemory(), 'native');
const nativeSets = [['AVX-512', nativeAvx512Set], ['AVX2', nativeAvx2Set], ['NEON', nativeNeonSet]] as const;
const suites: [string, MemoryKernels | { unavailable: string }][] = [
  ['WebAssembly SIMD kernels', wasm],
  // each native set where it is available; elsewhere its suite is skipped, saying why
  ...nativeSets.map(([title, set]): [string, MemoryKernels | { unavailable: string }] => {
    const native = kernelSet(set, new KernelMemory(createKernelMemory()));
    return [`native ${title} kernels${'unavailable' in native ? ` (skipped: ${native.unavailable})` : ''}`, native];
  }),
];

for (const [name, kernels] of suites) {
  if (!('unavailable' in kernels)) describe(name, () => kernelSuite(kernels));
  else describe.skip(name, () => it('compute every kernel bit for bit as the reference does', () => {}));
}

function kernelSuite(kernels: MemoryKernels): void {
  // each suite draws the same images and weights
  const random = createRandom('default', 11);

  const { sparseImages, imagesOf, filled, rowsOf, pixel } = kernelInputs(kernels, random);

  function copy(a: Floats): Float32Array {
    return Float32Array.from(a);
  }

  /** The kernel's weight gradient over these batch rows, m columns, equals the reference's bit for bit (zeros' signs too: toEqual tells them apart). */
  function expectGradientAsReference(images: Parameters<MemoryKernels['sparseAffineGrad']>[0]['images'], rows: Parameters<MemoryKernels['sparseAffineGrad']>[0]['rows'], m: number,
    dout = filled(rows.length * m)): void {
    const dW = filled(784 * m);
    const db = filled(m);
    const dWRef = new Float32Array(784 * m);
    const dbRef = new Float32Array(m);
    kernels.sparseAffineGrad({ images, rows, n: rows.length, pixel, dout, m, dW, db });
    referenceKernels.sparseAffineGrad({ images, rows, n: rows.length, pixel, dout, m, dW: dWRef, db: dbRef });
    expect(copy(dW), `${m} columns`).toEqual(dWRef);
    expect(copy(db), `${m} columns`).toEqual(dbRef);
  }

  // a forward pass told which columns are dead (at most zero on every row, read only through a ReLU) may write them as 0
  // (the AVX-512 set gathers the live columns into whole registers: 28 of 50 fill one and spill into the next, 16 of 64 fill
  // one exactly from four, 18 of 1024 fill one and a narrow one)
  const allBut = (m: number, live: number[]): number[] => [...Array(m).keys()].filter((j) => !live.includes(j));
  const deadColumns: [number, readonly number[]][] = [
    [50, [0, 1, 2, 5, 8, 9, 10, 11, 12, 13, 20, 30, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49]], [50, [...Array(50).keys()]], [130, [...Array(100).keys()]],
    [64, allBut(64, [1, 5, 9, 15, 16, 17, 20, 31, 32, 33, 40, 47, 48, 50, 60, 63])],
    [1024, allBut(1024, [0, 15, 16, 300, 301, 302, 303, 511, 512, 700, 701, 702, 703, 704, 705, 706, 990, 1023])],
  ];
  for (const [m, dead] of deadColumns) {
    it(`compute the sparse forward pass of the live columns bit for bit as the reference does when ${dead.length} of ${m} are marked dead`, () => {
      const images = sparseImages(40, 784);
      const rows = rowsOf([5, 0, 39, 5, 17, 22, 1, 30, 8]);
      const n = rows.length;
      const W = filled(784 * m, 0.01);
      const b = filled(m);
      // the marked columns are dead indeed: their weights and bias negative
      for (const j of dead) {
        b[j] = -1;
        for (let p = 0; p < 784; p++) W[p * m + j] = -Math.abs(W[p * m + j]);
      }
      const marks = kernels.allocIndices(m);
      for (const j of dead) marks[j] = 1;
      const out = filled(n * m);
      const expected = new Float32Array(n * m);
      kernels.sparseAffine({ images, rows, n, pixel, W, m, b, out, dead: marks });
      referenceKernels.sparseAffine({ images, rows, n, pixel, W, m, b, out: expected });
      for (let i = 0; i < n * m; i++) {
        if (marks[i % m] === 1) expect(out[i] === 0 || Object.is(out[i], expected[i]), `row ${Math.floor(i / m)} column ${i % m}`).toBe(true);
        else expect(Object.is(out[i], expected[i]), `row ${Math.floor(i / m)} column ${i % m}`).toBe(true);
      }
      expect(expected.some((v, i) => marks[i % m] === 1 && v < 0)).toBe(true);
    });
  }

  // a hidden unit dead on every image of a batch has a column of zeros in dout (from the ReLU's gradient, +0, or -0 from
  // products): the AVX2 and NEON sets leave such columns out of their sums; the bits must be the reference's, zeros' signs too
  const nonZero1024 = [2, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 500, 1000];
  for (const [m, zeroColumns] of [[50, 'every column but 3, 17 and 49'], [50, 'every column'], [130, 'columns 0-99'], [10, 'columns 0-1'],
    [1024, `every column but ${nonZero1024.join(', ')}`]] as const) {
    it(`compute the sparse weight gradient bit for bit as the reference does when dout is zero in ${zeroColumns} (${m} columns)`, () => {
      const rows = rowsOf([3, 3, 29, 0, 12, 7, 21]);
      const zero = (j: number): boolean => zeroColumns === 'every column' || (zeroColumns === 'every column but 3, 17 and 49' && ![3, 17, 49].includes(j))
        || (zeroColumns === 'columns 0-99' && j < 100) || (zeroColumns === 'columns 0-1' && j < 2) || (m === 1024 && !nonZero1024.includes(j));
      const dout = filled(rows.length * m);
      for (let r = 0; r < rows.length; r++) for (let j = 0; j < m; j++) if (zero(j)) dout[r * m + j] = (r + j) % 3 === 0 ? -0 : 0;
      expectGradientAsReference(sparseImages(30, 784), rows, m, dout);
    });
  }

  // column counts around the vector sizes: tails of 1, 2 and 3 lanes, blocks of 4 and 8 vectors,
  // and past the native kernels' blocks of 64 columns
  for (const m of [1, 3, 4, 10, 16, 33, 50, 64, 130]) {
    it(`compute the sparse forward pass bit for bit as the reference does (${m} columns)`, () => {
      const images = sparseImages(40, 784);
      const rows = rowsOf([5, 0, 39, 5, 17, 22, 1, 30, 8]);
      const W = filled(784 * m, 0.01);
      const b = filled(m);
      const fast = kernels.alloc('float32', rows.length * m);
      const slow = new Float32Array(rows.length * m);
      kernels.sparseAffine({ images, rows, n: rows.length, pixel, W, m, b, out: fast });
      referenceKernels.sparseAffine({ images, rows, n: rows.length, pixel, W, m, b, out: slow });
      expect(copy(fast)).toEqual(slow);
    });

    it(`compute the sparse weight gradient bit for bit as the reference does (${m} columns)`, () => {
      const images = sparseImages(30, 784);
      const rows = rowsOf([3, 3, 29, 0, 12]);
      expectGradientAsReference(images, rows, m);
    });

    it(`compute the dense forward pass and gradient bit for bit as the reference does (${m} columns)`, () => {
      const n = 7;
      const k = 13;
      const x = filled(n * k, 1, 0.5);
      const W = filled(k * m);
      const b = filled(m);
      const out = kernels.alloc('float32', n * m);
      const outRef = new Float32Array(n * m);
      kernels.affine({ x, n, k, W, m, b, out });
      referenceKernels.affine({ x, n, k, W, m, b, out: outRef });
      expect(copy(out)).toEqual(outRef);

      const dout = filled(n * m);
      const dW = filled(k * m);
      const db = filled(m);
      const dWRef = new Float32Array(k * m);
      const dbRef = new Float32Array(m);
      kernels.affineGrad({ x, n, k, dout, m, dW, db });
      referenceKernels.affineGrad({ x, n, k, dout, m, dW: dWRef, db: dbRef });
      expect(copy(dW)).toEqual(dWRef);
      expect(copy(db)).toEqual(dbRef);
    });
  }

  for (const [k, m] of [[50, 10], [13, 7], [64, 3]]) {
    it(`compute the input gradient dout . W^T bit for bit as the reference does (${k} x ${m})`, () => {
      const n = 9;
      const dout = filled(n * m, 1, 0.3);
      const W = filled(k * m);
      const dx = kernels.alloc('float32', n * k);
      const dxRef = new Float32Array(n * k);
      kernels.affineInputGrad({ dout, n, m, W, k, dx, workspace: kernels.alloc('float32', workspaceFor(k, m)) });
      referenceKernels.affineInputGrad({ dout, n, m, W, k, dx: dxRef, workspace: new Float32Array(workspaceFor(k, m)) });
      expect(copy(dx)).toEqual(dxRef);
    });
  }

  it('compute the sparse weight gradient bit for bit for full and empty images, across every edge of its blocks of pixels, for a batch of 13 with repeats', () => {
    // a full image has an entry at every pixel, so its entries cross every edge of the blocks the native kernels take pixels in
    const full = Array.from({ length: 784 }, (_, p) => ({ index: p, value: 1 + ((p * 37) % 255) }));
    const images = imagesOf([full, [], full.filter((e) => e.index % 3 === 0), [], [{ index: 783, value: 255 }], [{ index: 0, value: 9 }]], 784);
    const rows = rowsOf([0, 1, 2, 0, 3, 4, 5, 1, 2, 4, 0, 5, 3]);
    for (const m of [1, 8, 33, 50, 130]) {
      expectGradientAsReference(images, rows, m);
    }
  });

  for (const [hidden, outputs] of [[50, 10], [7, 3], [100, 10], [64, 16], [130, 17]]) {
    it(`classify images with the fused kernel exactly as the layer-by-layer reference does (${hidden} hidden, ${outputs} classes)`, () => {
      const images = sparseImages(200, 784);
      const rows = rowsOf([...Array(200).keys()]);
      // weights large enough that the scores are far apart and every class is predicted somewhere
      const W1 = filled(784 * hidden, 0.1);
      const b1 = filled(hidden, 0.1);
      const W2 = filled(hidden * outputs);
      const b2 = filled(outputs);
      const predicted = kernels.allocIndices(200);
      const expected = new Int32Array(200);
      kernels.classifySparse({ images, rows, n: 200, pixel, W1, b1, hidden, W2, b2, outputs, scratch: kernels.alloc('float32', hidden + outputs + 12), predicted });
      referenceKernels.classifySparse({ images, rows, n: 200, pixel, W1, b1, hidden, W2, b2, outputs, scratch: new Float32Array(hidden + outputs + 12), predicted: expected });
      expect(Array.from(predicted)).toEqual(Array.from(expected));
      expect(new Set(expected).size).toBeGreaterThan(1);
    });
  }

  it('compute every product bit for bit as the reference does for 60 random shapes, 0 to 11 rows, writing nothing past the slack', () => {
    const same = (a: Floats | Int32Array, b: Floats | Int32Array, length: number): boolean => {
      for (let i = 0; i < length; i++) if (!Object.is(a[i], b[i])) return false;
      return true;
    };
    // the WebAssembly kernels may write whole vectors into the 16 bytes after an output, never further
    const canary = 12345;
    const SLACK = 4;
    for (let t = 0; t < 60; t++) {
      const features = 1 + random.int(200);
      const m = 1 + random.int(140);
      const n = random.int(12);
      const k = 1 + random.int(70);
      const outputs = 1 + random.int(20);
      const shape = JSON.stringify({ features, m, n, k, outputs });
      const images = sparseImages(8, features);
      const rows = rowsOf(Array.from({ length: n }, () => random.int(8)));
      const W = filled(features * m, 0.3);
      const b = filled(m);

      const out = filled(n * m + SLACK + 1);
      out[n * m + SLACK] = canary;
      const outRef = new Float32Array(n * m);
      kernels.sparseAffine({ images, rows, n, pixel, W, m, b, out });
      referenceKernels.sparseAffine({ images, rows, n, pixel, W, m, b, out: outRef });
      expect(same(out, outRef, n * m) && out[n * m + SLACK] === canary, `sparse forward ${shape}`).toBe(true);

      const dout = filled(n * m);
      const dW = filled(features * m);
      const db = filled(m);
      const dWRef = new Float32Array(features * m);
      const dbRef = new Float32Array(m);
      kernels.sparseAffineGrad({ images, rows, n, pixel, dout, m, dW, db });
      referenceKernels.sparseAffineGrad({ images, rows, n, pixel, dout, m, dW: dWRef, db: dbRef });
      expect(same(dW, dWRef, features * m) && same(db, dbRef, m), `sparse gradient ${shape}`).toBe(true);

      const W2 = filled(m * outputs);
      const b2 = filled(outputs);
      const predicted = kernels.allocIndices(Math.max(n, 1));
      const expected = new Int32Array(Math.max(n, 1));
      kernels.classifySparse({ images, rows, n, pixel, W1: W, b1: b, hidden: m, W2, b2, outputs, scratch: kernels.alloc('float32', m + outputs + 12), predicted });
      referenceKernels.classifySparse({ images, rows, n, pixel, W1: W, b1: b, hidden: m, W2, b2, outputs, scratch: new Float32Array(m + outputs + 12), predicted: expected });
      expect(same(predicted, expected, n), `classify ${shape}`).toBe(true);

      const x = filled(n * k);
      const Wd = filled(k * m);
      const dense = filled(n * m + SLACK + 1);
      dense[n * m + SLACK] = canary;
      const denseRef = new Float32Array(n * m);
      kernels.affine({ x, n, k, W: Wd, m, b, out: dense });
      referenceKernels.affine({ x, n, k, W: Wd, m, b, out: denseRef });
      expect(same(dense, denseRef, n * m) && dense[n * m + SLACK] === canary, `dense forward ${shape}`).toBe(true);

      const dWd = filled(k * m);
      const dWdRef = new Float32Array(k * m);
      kernels.affineGrad({ x, n, k, dout, m, dW: dWd, db });
      referenceKernels.affineGrad({ x, n, k, dout, m, dW: dWdRef, db: dbRef });
      expect(same(dWd, dWdRef, k * m) && same(db, dbRef, m), `dense gradient ${shape}`).toBe(true);

      const dx = filled(n * k + SLACK + 1);
      dx[n * k + SLACK] = canary;
      const dxRef = new Float32Array(n * k);
      kernels.affineInputGrad({ dout, n, m, W: Wd, k, dx, workspace: kernels.alloc('float32', workspaceFor(k, m)) });
      referenceKernels.affineInputGrad({ dout, n, m, W: Wd, k, dx: dxRef, workspace: new Float32Array(workspaceFor(k, m)) });
      expect(same(dx, dxRef, n * k) && dx[n * k + SLACK] === canary, `input gradient ${shape}`).toBe(true);
    }
  });

  it('take the softmax of rows bit for bit as the reference does, at every branch of exp and at infinities and NaN', () => {
    // around each of exp's branches (|x| < 2^-28, 0.5 ln2, 1.5 ln2, the subnormal results
    // below -708, underflow below -745), and what a row's maximum can make of them
    const edges = [0, -0, 1e-9, -1e-9, 0.3, -0.3466, 0.35, 1.03, -1.04, 1.05, -20, 700, -708, -720, 745.2, -745.2, 1e38, -1e38,
      1e-45, Infinity, -Infinity, NaN];
    const value = (): number => (random.uniform() < 0.3 ? edges[random.int(edges.length)] : random.normal() * [1, 30, 300][random.int(3)]);
    // rows of 1 to 17 values, and of 300 (past the native kernel's 256-value blocks), in counts around its blocks of rows
    for (const m of [1, 2, 3, 5, 10, 17, 300]) {
      for (const n of [0, 1, 26, 60]) {
        const x = kernels.alloc('float32', n * m);
        for (let i = 0; i < n * m; i++) x[i] = value();
        if (n > 2) {
          x.fill(-Infinity, 0, m);
          x.fill(NaN, m, 2 * m);
        }
        const out = kernels.alloc('float32', n * m);
        const expected = new Float32Array(n * m);
        kernels.softmax({ x, n, m, out });
        referenceKernels.softmax({ x, n, m, out: expected });
        const differing = Array.from(out).findIndex((v, i) => !Object.is(v, expected[i]));
        expect(differing, `${n} rows of ${m}: value ${differing}`).toBe(-1);
      }
    }
  });

  describe('the ReLU and its gradient', () => {
    // zeros of both signs, NaN, infinities, subnormals, float32's extremes, and ordinary values
    const edges = [0, -0, NaN, Infinity, -Infinity, 1e-45, -1e-45, 1.1754942e-38, -1.1754942e-38, 3.4028235e38, -3.4028235e38, 1, -1];
    /** The lengths tried: every tail of the 4- and 8-lane vectors, and past a few of them. */
    const lengths = Array.from({ length: 38 }, (_, length) => length);
    /**
     * Values past `length`, where a kernel must write nothing: outputs hold CANARY there, and
     * inputs hold what would change it if a kernel went past (the ReLU of a negative value is
     * 0; a zero output zeroes the gradient).
     */
    const SLACK = 8;
    const CANARY = 12345.5;

    /**
     * `length` values in the kernels' memory, then SLACK of `past`: every other value an edge, in
     * an order that shifts with `shift`, so that over the lengths the edges fall in every kind of
     * place (a vector's lanes, a tail's); random values between.
     */
    function valuesThen(past: number, length: number, shift: number): Float32Array {
      const a = kernels.alloc('float32', length + SLACK) as Float32Array;
      for (let i = 0; i < length; i++) a[i] = i % 2 === 0 ? edges[(i / 2 + shift) % edges.length] : random.normal();
      a.fill(past, length);
      return a;
    }

    /** The first index whose bits differ, or -1. */
    function firstDifference(a: Float32Array, b: Float32Array): number {
      const bitsA = new Uint32Array(a.buffer, a.byteOffset, a.length), bitsB = new Uint32Array(b.buffer, b.byteOffset, b.length);
      return bitsA.findIndex((bits, i) => bits !== bitsB[i]);
    }

    it('apply the ReLU bit for bit as the reference does, into another array and in place, writing nothing past the length', () => {
      for (const length of lengths) {
        const x = valuesThen(-1, length, length);
        const out = kernels.alloc('float32', length + SLACK) as Float32Array;
        out.fill(CANARY);
        const expected = Float32Array.from(out);
        kernels.relu({ x, out, length });
        referenceKernels.relu({ x, out: expected, length });
        expect(firstDifference(out, expected), `into another array, length ${length}`).toBe(-1);

        const inPlace = Float32Array.from(x);
        kernels.relu({ x, out: x, length });
        referenceKernels.relu({ x: inPlace, out: inPlace, length });
        expect(firstDifference(x, inPlace), `in place, length ${length}`).toBe(-1);
      }
    });

    it('zero the gradient where the ReLU gave zero, bit for bit as the reference does, writing nothing past the length', () => {
      for (const length of lengths) {
        // what the forward pass gave: zeros of both signs where it cut, NaN and the rest where it passed
        const out = valuesThen(0, length, length);
        const dout = valuesThen(CANARY, length, length + 5);
        const expected = Float32Array.from(dout);
        kernels.reluBackward({ out, dout, length });
        referenceKernels.reluBackward({ out, dout: expected, length });
        expect(firstDifference(dout, expected), `length ${length}`).toBe(-1);
      }
    });
  });

  it('subtract a scaled array bit for bit as the reference does', () => {
    const y = filled(103);
    const x = filled(103);
    const yRef = Float32Array.from(y);
    kernels.scaledSubtract({ y, a: 0.5, x, length: 103 });
    referenceKernels.scaledSubtract({ y: yRef, a: 0.5, x, length: 103 });
    expect(copy(y)).toEqual(yRef);
  });

  it('refuse arrays that are not in their memory', () => {
    const images = sparseImages(2, 784);
    expect(() =>
      kernels.sparseAffine({ images, rows: new Int32Array([0]), n: 1, pixel, W: new Float32Array(784), m: 1, b: new Float32Array(1), out: new Float32Array(1) }),
    ).toThrow(/not in the kernels' memory/);
  });
}
