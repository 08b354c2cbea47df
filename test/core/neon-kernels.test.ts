/**
 * The arm64 NEON kernels (src/core/kernels/native/vector.c) compute what the TypeScript
 * reference computes, bit for bit: cross-compiled with Debian's gcc-aarch64-linux-gnu into
 * a small harness (native/harness.c) that runs recorded kernel calls on a memory image,
 * run under qemu-user, its outputs compared with the reference's. Skipped, saying why,
 * where those tools are missing (apt-get install gcc-aarch64-linux-gnu qemu-user).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Floats } from '../../src/core/floats.js';
import { workspaceFor, type CallCarry } from '../../src/core/kernels/kernels.js';
import type { KernelSet } from '../../src/core/kernels/kernels.js';
import { createKernelMemory, KernelMemory } from '../../src/core/kernels/memory.js';
import { nativeKernels, type NativeExports } from '../../src/core/kernels/native-addon.js';
import { referenceKernels } from '../../src/core/kernels/reference.js';
import { kernelSet } from '../../src/core/kernels/registry.js';
import { createRandom } from '../../src/core/random/index.js';
import { imageRegions } from '../../src/core/score-carry.js';
import { kernelInputs } from '../helpers/kernel-inputs.js';
import { roundingDecidedCase } from '../helpers/screening-cases.js';

const COMPILER = 'aarch64-linux-gnu-gcc';
const EMULATOR = 'qemu-aarch64';
const source = (file: string): string => new URL(`../../src/core/kernels/native/${file}`, import.meta.url).pathname;

/** Why the cross test cannot run here, or null. */
function missingTools(): string | null {
  for (const tool of [COMPILER, EMULATOR]) {
    const probe = spawnSync(tool, ['--version'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) return `${tool} not found; apt-get install gcc-aarch64-linux-gnu qemu-user`;
  }
  return null;
}

const missing = missingTools();

describe.skipIf(missing !== null)(`the arm64 NEON kernels under qemu${missing ? ` (skipped: ${missing})` : ''}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'neon-kernels-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The kernels' calls, recorded in the harness's numbering (its enum), to be run there. */
  const calls: { kernel: number; args: number[] }[] = [];
  const record = (kernel: number) => (...args: number[]): void => void calls.push({ kernel, args });
  const recorder: NativeExports = {
    sparseAffine: record(0), sparseAffineGrad: record(1),
    // a carry's arrays are in the kernels' memory here: the harness takes them as offsets (its comment says which)
    classifySparse: (...args: Parameters<NativeExports['classifySparse']>) => {
      const carry = args[15];
      const numbers = args.slice(0, 15) as number[];
      if (carry) {
        // the harness takes the weights of anchor 0 only
        if (carry.anchors.some((w, slot) => slot > 0 && w !== null)) throw new Error('the harness takes one anchor, slot 0');
        const weights = carry.anchors[0];
        numbers.push(weights ? weights.byteOffset + 1 : 1, carry.classes.byteOffset, carry.margin.byteOffset, carry.reach.byteOffset,
          carry.regionCount ? carry.regions.byteOffset : 0, carry.regionCount ? carry.regionOf.byteOffset : 0, carry.anchor.byteOffset,
          carry.regionCount, carry.next);
      }
      calls.push({ kernel: 2, args: numbers });
      return -1;
    },
    affine: record(3), affineGrad: record(4), affineInputGrad: record(5), scaledSubtract: record(6),
    // not recorded: the harness prints no counts
    evaluationCounts: () => [0, 0, 0],
  };
  const softmaxRecorder = { softmax: record(7) };
  // the native-neon set as registry.ts completes it, with calls recorded instead of made
  const recording: KernelSet = { name: 'native-neon', fallback: 'wasm-simd', create: (memory, fallback) => nativeKernels({ ...recorder, ...softmaxRecorder }, memory, fallback!) };
  const memory = createKernelMemory();
  const kernels = kernelSet(recording, new KernelMemory(memory));
  if ('unavailable' in kernels) throw new Error(kernels.unavailable);
  const { sparseImages, imagesOf, filled, rowsOf, pixel } = kernelInputs(kernels, createRandom('default', 11));

  /** Each output's place in the memory, and the reference's values for it. */
  const checks: { name: string; actual: Floats | Int32Array; expected: Floats | Int32Array }[] = [];
  /** Checks of outputs the reference cannot give alone, on the memory image after the calls. */
  const laterChecks: ((after: Buffer) => void)[] = [];

  /** The weight gradient of dout over these rows, checked against the reference's. */
  const checkGradient = (name: string, images: ReturnType<typeof sparseImages>, rows: Int32Array, m: number, dout: Floats): void => {
    const n = rows.length;
    const dW = filled(784 * m);
    const db = filled(m);
    const dWRef = new Float32Array(784 * m);
    const dbRef = new Float32Array(m);
    kernels.sparseAffineGrad({ images, rows, n, pixel, dout, m, dW, db });
    referenceKernels.sparseAffineGrad({ images, rows, n, pixel, dout, m, dW: dWRef, db: dbRef });
    checks.push({ name: `sparse gradient, ${name}`, actual: dW, expected: dWRef }, { name: `sparse bias gradient, ${name}`, actual: db, expected: dbRef });
  };

  for (const m of [1, 3, 4, 10, 16, 33, 50, 64, 130]) {
    const images = sparseImages(40, 784);
    const rows = rowsOf([5, 0, 39, 5, 17, 22, 1, 30, 8]);
    const n = rows.length;
    const W = filled(784 * m, 0.01);
    const b = filled(m);
    const out = kernels.alloc('float32', n * m);
    const outRef = new Float32Array(n * m);
    kernels.sparseAffine({ images, rows, n, pixel, W, m, b, out });
    referenceKernels.sparseAffine({ images, rows, n, pixel, W, m, b, out: outRef });
    checks.push({ name: `sparse forward, ${m} columns`, actual: out, expected: outRef });

    const dout = filled(n * m);
    checkGradient(`${m} columns`, images, rows, m, dout);

    const k = 13;
    const x = filled(n * k, 1, 0.5);
    const Wd = filled(k * m);
    const dense = kernels.alloc('float32', n * m);
    const denseRef = new Float32Array(n * m);
    kernels.affine({ x, n, k, W: Wd, m, b, out: dense });
    referenceKernels.affine({ x, n, k, W: Wd, m, b, out: denseRef });
    checks.push({ name: `dense forward, ${m} columns`, actual: dense, expected: denseRef });

    const dWd = filled(k * m);
    const dbd = filled(m);
    const dWdRef = new Float32Array(k * m);
    const dbdRef = new Float32Array(m);
    kernels.affineGrad({ x, n, k, dout, m, dW: dWd, db: dbd });
    referenceKernels.affineGrad({ x, n, k, dout, m, dW: dWdRef, db: dbdRef });
    checks.push({ name: `dense gradient, ${m} columns`, actual: dWd, expected: dWdRef }, { name: `dense bias gradient, ${m} columns`, actual: dbd, expected: dbdRef });

    const dx = kernels.alloc('float32', n * k);
    const dxRef = new Float32Array(n * k);
    kernels.affineInputGrad({ dout, n, m, W: Wd, k, dx, workspace: kernels.alloc('float32', workspaceFor(k, m)) });
    referenceKernels.affineInputGrad({ dout, n, m, W: Wd, k, dx: dxRef, workspace: new Float32Array(workspaceFor(k, m)) });
    checks.push({ name: `input gradient, ${m} columns`, actual: dx, expected: dxRef });

    const y = filled(m * 7);
    const step = filled(m * 7);
    const yRef = Float32Array.from(y);
    kernels.scaledSubtract({ y, a: 0.3, x: step, length: m * 7 });
    referenceKernels.scaledSubtract({ y: yRef, a: 0.3, x: step, length: m * 7 });
    checks.push({ name: `scaled subtraction, ${m * 7} values`, actual: y, expected: yRef });
  }

  // a forward pass told that columns 0-39 are dead (their sums negative) writes them as 0 and sums the others as the reference
  {
    const m = 50;
    const images = sparseImages(40, 784);
    const rows = rowsOf([5, 0, 39, 5, 17, 22, 1, 30, 8]);
    const n = rows.length;
    const W = filled(784 * m, 0.01);
    const b = filled(m);
    for (let j = 0; j < 40; j++) {
      b[j] = -1;
      for (let p = 0; p < 784; p++) W[p * m + j] = -Math.abs(W[p * m + j]);
    }
    const dead = kernels.allocIndices(m);
    for (let j = 0; j < 40; j++) dead[j] = 1;
    const out = kernels.alloc('float32', n * m);
    const expected = new Float32Array(n * m);
    kernels.sparseAffine({ images, rows, n, pixel, W, m, b, out, dead });
    referenceKernels.sparseAffine({ images, rows, n, pixel, W, m, b, out: expected });
    for (let i = 0; i < n * m; i++) if (i % m < 40) expected[i] = 0;
    checks.push({ name: 'sparse forward, 40 of 50 columns dead', actual: out, expected });
  }

  // a batch on which most hidden units are dead: dout's zero columns (+0 and -0) are left out of the sums, and their gradient is +0
  for (const m of [50, 130]) {
    const rows = rowsOf([5, 0, 39, 5, 17, 22, 1, 30, 8]);
    const dout = filled(rows.length * m);
    for (let r = 0; r < rows.length; r++) for (let j = 0; j < m; j++) if (![3, 17, 49].includes(j)) dout[r * m + j] = (r + j) % 3 === 0 ? -0 : 0;
    checkGradient(`${m} columns, all but 3 zero`, sparseImages(40, 784), rows, m, dout);
  }

  for (const [hidden, outputs] of [[50, 10], [7, 3], [100, 10], [130, 17]]) {
    const images = sparseImages(200, 784);
    const rows = rowsOf([...Array(200).keys()]);
    const W1 = filled(784 * hidden, 0.1);
    const b1 = filled(hidden, 0.1);
    const W2 = filled(hidden * outputs);
    const b2 = filled(outputs);
    const predicted = kernels.allocIndices(200);
    const expected = new Int32Array(200);
    kernels.classifySparse({ images, rows, n: 200, pixel, W1, b1, hidden, W2, b2, outputs, scratch: kernels.alloc('float32', hidden + outputs + 12), predicted });
    referenceKernels.classifySparse({ images, rows, n: 200, pixel, W1, b1, hidden, W2, b2, outputs, scratch: new Float32Array(hidden + outputs + 12), predicted: expected });
    checks.push({ name: `classification, ${hidden} hidden, ${outputs} classes`, actual: predicted, expected });
  }

  // evaluation's screening (native/screen.c) where each part of its bound decides a class, as
  // test/core/screened-evaluation.test.ts gives the AVX2 set: half precision would flip the
  // class; float32's roundings decide it; two classes tie; weights scaled by 2^90 and 2^-90
  const floats = (values: number[]): Float32Array => {
    const a = kernels.alloc('float32', values.length) as Float32Array;
    a.set(values);
    return a;
  };
  const classify = (name: string, images: Parameters<typeof kernels.classifySparse>[0]['images'], n: number, net: { W1: Float32Array; b1: Float32Array; hidden: number; W2: Float32Array; b2: Float32Array; outputs: number }) => {
    const rows = rowsOf([...Array(n).keys()]);
    const predicted = kernels.allocIndices(n);
    const expected = new Int32Array(n);
    const scratch = net.hidden + net.outputs + 12;
    kernels.classifySparse({ images, rows, n, pixel, ...net, scratch: kernels.alloc('float32', scratch), predicted });
    referenceKernels.classifySparse({ images, rows, n, pixel, ...net, scratch: new Float32Array(scratch), predicted: expected });
    checks.push({ name, actual: predicted, expected });
  };
  const onePixel = imagesOf([[{ index: 300, value: 255 }]], 784);
  classify('screening: a class half precision would flip', onePixel, 1, {
    W1: floats(Array.from({ length: 784 }, (_, p) => (p === 300 ? 1 + 2 ** -12 : 0))), b1: floats([0]), hidden: 1, W2: floats([1, 0]), b2: floats([0, 1 + 2 ** -13]), outputs: 2,
  });
  const roundingRandom = createRandom('default', 13);
  for (let trial = 0; trial < 20; trial++) {
    const net = roundingDecidedCase(roundingRandom, pixel);
    classify(`screening: a class float32's roundings decide (${trial})`, imagesOf([net.entries], 784), 1, {
      W1: floats(net.W1), b1: floats([net.b1]), hidden: 1, W2: floats(net.W2), b2: floats(net.b2), outputs: 2,
    });
  }
  {
    const images = sparseImages(100, 784);
    const W1 = filled(784 * 50, 0.1);
    const b1 = filled(50, 0.1);
    const W2 = filled(50 * 10);
    const b2 = filled(10);
    const tied = floats(Array.from(W2));
    for (let j = 0; j < 50; j++) tied[j * 10 + 7] = tied[j * 10 + 3];
    const tiedBias = floats(Array.from(b2).map((b, k) => (k === 3 || k === 7 ? 100 : b)));
    classify('screening: two classes tie', images, 100, { W1, b1, hidden: 50, W2: tied, b2: tiedBias, outputs: 10 });
    for (const power of [90, -90]) {
      classify(`screening: the first layer scaled by 2^${power}`, images, 100, {
        W1: floats(Array.from(W1, (w) => w * 2 ** power)), b1: floats(Array.from(b1, (b) => b * 2 ** power)), hidden: 50,
        W2: floats(Array.from(W2, (w) => w * 2 ** -power)), b2, outputs: 10,
      });
    }
  }

  // dead units (src/core/dead-units.ts): the screen proves dead units 0-29 (their biases far below any sum) and no
  // other, then leaves them out when told; a unit above zero by less than half precision can tell is not proven dead
  {
    const images = sparseImages(100, 784);
    const rows = rowsOf([...Array(100).keys()]);
    const net = { W1: filled(784 * 50, 0.1), b1: floats(Array.from({ length: 50 }, (_, j) => (j < 30 ? -1000 : 1000))), hidden: 50, W2: filled(50 * 10), b2: filled(10), outputs: 10 };
    const marked = Int32Array.from({ length: 50 }, (_, j) => (j < 30 ? 1 : 0));
    for (const known of [new Int32Array(50), marked]) {
      const dead = kernels.allocIndices(50);
      dead.set(known);
      const predicted = kernels.allocIndices(100);
      const expected = new Int32Array(100);
      kernels.classifySparse({ images, rows, n: 100, pixel, ...net, scratch: kernels.alloc('float32', 72), predicted, dead });
      referenceKernels.classifySparse({ images, rows, n: 100, pixel, ...net, scratch: new Float32Array(72), predicted: expected });
      const given = known === marked ? 'units 0-29 given as dead' : 'none given as dead';
      checks.push({ name: `dead units: classes, ${given}`, actual: predicted, expected }, { name: `dead units: proven, ${given}`, actual: dead, expected: marked });
    }
    const dead = kernels.allocIndices(2);
    const predicted = kernels.allocIndices(1);
    kernels.classifySparse({
      images: onePixel, rows: rowsOf([0]), n: 1, pixel, W1: floats(Array.from({ length: 784 * 2 }, (_, i) => (i === 600 ? 1 + 2 ** -12 : i === 601 ? -1 : 0))),
      b1: floats([-1, 0]), hidden: 2, W2: floats([1, 0, 0, 1]), b2: floats([0, 0]), outputs: 2, scratch: kernels.alloc('float32', 16), predicted, dead,
    });
    checks.push({ name: 'dead units: a unit 2^-12 above zero is not proven dead', actual: dead, expected: Int32Array.from([0, 1]) });
  }

  // classes carried from one evaluation to the next (native/carry.c): the certificates written at some weights; then, at the
  // same weights, carried (a planted class shows that a carried image takes the certificate's class, unsummed); then, with
  // the output biases moved so that some images change class, the exact classes
  {
    const n = 200;
    const images = sparseImages(n, 784);
    const rows = rowsOf([...Array(n).keys()]);
    const net = { W1: filled(784 * 50, 0.1), b1: filled(50, 0.1), hidden: 50, W2: filled(50 * 10), b2: filled(10), outputs: 10 };
    const then = kernels.alloc('float32', 784 * 50 + 50 + 500 + 10) as Float32Array;
    [net.W1, net.b1, net.W2, net.b2].reduce((at, w) => (then.set(w, at), at + w.length), 0);
    const bytes = (values: ArrayLike<number>): Uint8Array => {
      const { buffer, byteOffset } = kernels.arena.alloc(values.length);
      const a = new Uint8Array(buffer, byteOffset, values.length);
      a.set(values);
      return a;
    };
    const { norms, regionOf, count } = imageRegions(images);
    const regions = floats(Array.from(norms));
    const regionMap = bytes(regionOf);
    /** A carry of certificates anchored in slot 0 (`weights`; null: none), rewritten in that slot where `next` is 0. */
    const carryOf = (weights: Float32Array | null, classes: ArrayLike<number>, margin: Float32Array, reach: Float32Array, next: number): CallCarry => ({
      anchors: weights ? [weights] : [], next, classes: bytes(classes), anchor: bytes(new Array(n).fill(weights ? 0 : 3)), margin, reach, regions,
      regionCount: count, images: n, regionOf: regionMap, kept: false, carried: 0,
    });
    const classifyCarried = (carry: CallCarry, b2: Float32Array): Int32Array => {
      const predicted = kernels.allocIndices(n);
      kernels.classifySparse({ images, rows, n, pixel, ...net, b2, scratch: kernels.alloc('float32', 72), predicted, carry });
      return predicted;
    };
    const exact = (b2: Float32Array): Int32Array => {
      const expected = new Int32Array(n);
      referenceKernels.classifySparse({ images, rows, n, pixel, ...net, b2, scratch: new Float32Array(72), predicted: expected });
      return expected;
    };
    /** A copy of `from`, made in the harness (y - (-1) x from zeros), after the calls before it. */
    const copied = (from: Float32Array): Float32Array => {
      const y = kernels.alloc('float32', n) as Float32Array;
      y.fill(0);
      kernels.scaledSubtract({ y, a: -1, x: from, length: n });
      return y;
    };
    const atFirst = exact(net.b2);
    const first = carryOf(null, new Uint8Array(n), floats(new Array(n).fill(-Infinity)), floats(new Array(n).fill(0)), 0);
    checks.push({ name: 'carried classes: the evaluation writing the certificates', actual: classifyCarried(first, net.b2), expected: atFirst });
    laterChecks.push((after) => {
      const anchors = Array.from(new Uint8Array(after.buffer, after.byteOffset + first.anchor.byteOffset, n));
      expect(anchors.every((a) => a === 0), 'carried classes: every screened image anchored in the slot next').toBe(true);
    });
    const planted = Array.from(atFirst, (c, i) => (i % 3 === 0 ? (c + 1) % 10 : c));
    // anchored in a slot that stays (next 1): the certificates stand unchanged
    const same = classifyCarried(carryOf(then, planted, copied(first.margin), copied(first.reach), 1), net.b2);
    laterChecks.push((after) => {
      const got = new Int32Array(new Uint8Array(after.subarray(same.byteOffset, same.byteOffset + 4 * n)).buffer);
      const carried = planted.filter((c, i) => i % 3 === 0 && got[i] === c).length;
      expect(carried, 'carried classes: planted classes taken from the certificates').toBeGreaterThan((n / 3) * 0.9);
      expect(Array.from(got).every((c, i) => c === planted[i] || c === atFirst[i]), 'carried classes: every other class exact').toBe(true);
    });
    const moved = floats(Array.from(net.b2, (b, k) => b + (k % 2 === 0 ? 0.3 : -0.3)));
    const atMoved = exact(moved);
    expect(atMoved.filter((c, i) => c !== atFirst[i]).length).toBeGreaterThan(3);
    // anchored in the slot that gives way (next 0): the certificates shrink by the move
    checks.push({ name: 'carried classes: after the output biases move', actual: classifyCarried(carryOf(then, atFirst, copied(first.margin), copied(first.reach), 0), moved), expected: atMoved });
  }

  // softmax rows around exp's branches, infinities and NaN (as test/core/kernels.test.ts), and one row past 256 values
  const edges = [0, -0, 1e-9, -0.3466, 0.35, -1.04, 1.05, -20, 700, -720, -745.2, 1e38, 1e-45, Infinity, -Infinity, NaN];
  const softmaxRandom = createRandom('default', 12);
  for (const [n, m] of [[30, 10], [7, 3], [2, 300]]) {
    const x = kernels.alloc('float32', n * m);
    for (let i = 0; i < n * m; i++) x[i] = softmaxRandom.uniform() < 0.3 ? edges[softmaxRandom.int(edges.length)] : softmaxRandom.normal() * 30;
    const out = kernels.alloc('float32', n * m);
    const expected = new Float32Array(n * m);
    kernels.softmax({ x, n, m, out });
    referenceKernels.softmax({ x, n, m, out: expected });
    checks.push({ name: `softmax, ${n} rows of ${m}`, actual: out, expected });
  }

  /** The memory image after the recorded calls, as the NEON build computes it. */
  function runUnderQemu(): Buffer {
    const harness = join(dir, 'harness');
    const build = spawnSync(COMPILER, ['-O3', '-std=c11', '-ffp-contract=off', '-fno-fast-math', '-static',
      source('harness.c'), source('vector.c'), source('screen.c'), source('carry.c'), source('classify.c'), source('softmax.c'), '-lm', '-o', harness], { encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`${COMPILER} failed: ${build.stderr}`);
    const image = Buffer.from(new Uint8Array(memory.buffer as unknown as ArrayBuffer).slice());
    const header = Buffer.alloc(8);
    header.writeUInt32LE(image.length, 0);
    header.writeUInt32LE(calls.length, 4);
    const encoded = calls.map(({ kernel, args }) => {
      const call = Buffer.alloc(8 + 8 * args.length);
      call.writeUInt32LE(kernel, 0);
      call.writeUInt32LE(args.length, 4);
      args.forEach((a, i) => call.writeDoubleLE(a, 8 + 8 * i));
      return call;
    });
    const run = spawnSync(EMULATOR, [harness], { input: Buffer.concat([header, ...encoded, image]), maxBuffer: image.length + 1024 });
    if (run.status !== 0) throw new Error(`the harness failed under ${EMULATOR}: ${run.stderr.toString()}`);
    return run.stdout;
  }

  it('compute every kernel bit for bit as the reference does, at 9 column counts, 4 network shapes, 24 of screening\'s hard cases, 6 of dead units\' and 3 of carried classes, and the softmax of 3 shapes of rows', () => {
    expect(calls.length).toBe(9 * 6 + 4 + 24 + 1 + 2 + 3 + 7 + 3);
    const after = runUnderQemu();
    for (const check of laterChecks) check(after);
    for (const { name, actual, expected } of checks) {
      const bytes = after.subarray(actual.byteOffset, actual.byteOffset + expected.byteLength);
      const want = Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength);
      // bit for bit, but for a NaN's sign and payload, which are the processor's (x86-64 makes negative NaNs, arm64 positive)
      expect(bytes.equals(want) || sameValues(bytes, expected), name).toBe(true);
    }
  });
});

/** The same numbers, every NaN the same as every other. */
function sameValues(bytes: Buffer, expected: Floats | Int32Array): boolean {
  const copy = new Uint8Array(bytes).buffer;
  const actual = expected instanceof Int32Array ? new Int32Array(copy) : expected instanceof Float64Array ? new Float64Array(copy) : new Float32Array(copy);
  return actual.every((v, i) => Object.is(v, expected[i]));
}
