/**
 * On every native set of x86-64 (AVX-512 and AVX2), evaluation first screens each image
 * with half-precision weights and a proven bound on the error (src/core/kernels/native/
 * screen.c), and sums exactly, with the set's own kernels, only the images the bound cannot
 * settle (the NEON build gets the same cases under qemu, test/core/neon-kernels.test.ts). Its classes must be the exact kernels'
 * whatever the weights: these tests give it weights where half precision, float32's own
 * roundings, ties, dead units, extreme scales and values that are not finite would each
 * change a class if the bound left them out, and compare every class with the reference.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SparseImages } from '../../src/core/floats.js';
import { mnistDataDir } from '../../src/core/data/index.js';
import { nativeBinding, type NativeExports } from '../../src/core/kernels/native-addon.js';
import { KernelMemory } from '../../src/core/kernels/memory.js';
import { referenceKernels } from '../../src/core/kernels/reference.js';
import { createRandom } from '../../src/core/random/index.js';
import { loadSharedDataset } from '../../src/core/shared-dataset.js';
import { readModel } from '../../src/model/files.js';
import { packSparse } from '../helpers/kernel-inputs.js';
import { SCREENING_SETS } from '../helpers/kernels.js';
import { roundingDecidedCase } from '../helpers/screening-cases.js';

const shared = loadSharedDataset(mnistDataDir());
const memory = new KernelMemory(shared.memory);
for (const split of [shared.dataset.train, shared.dataset.test]) {
  memory.adopt(...Object.values(split).filter((v): v is ArrayBufferView => ArrayBuffer.isView(v)));
}
for (const set of SCREENING_SETS) {
  const binding = nativeBinding(set, shared.memory);
  const why = 'unavailable' in binding ? ` (skipped: the native ${set.name} kernels are unavailable here: ${binding.unavailable})` : '';

  describe.skipIf('unavailable' in binding)(`evaluation screened on the ${set.name} kernels${why}`, () => {
    const native = binding as NativeExports;
    const random = createRandom('default', 23);

    /** v / 255, the float32 runs' pixel values; `negative` makes one of them negative. */
    function pixelTable(negative = false): Float32Array {
      const pixel = memory.alloc('float32', 256) as Float32Array;
      for (let v = 0; v < 256; v++) pixel[v] = Math.fround(v / 255);
      if (negative) pixel[7] = -pixel[7];
      return pixel;
    }

    function floats(values: ArrayLike<number>): Float32Array {
      const a = memory.alloc('float32', values.length) as Float32Array;
      a.set(values);
      return a;
    }

    function normals(length: number, scale: number): Float32Array {
      return floats(Array.from({ length }, () => scale * random.normal()));
    }

    function imagesOf(entries: { index: number; value: number }[][]): SparseImages {
      return packSparse(entries, 784, (bytes) => {
        const { buffer, byteOffset } = memory.arena.alloc(bytes);
        return { buffer, byteOffset, adopt: (array) => memory.adopt(array) };
      });
    }

    interface Network { W1: Float32Array; b1: Float32Array; hidden: number; W2: Float32Array; b2: Float32Array; outputs: number }

    /**
     * The classes the screened kernel gives images[first, first + n), the reference's, and how
     * many images the screen settled and how many were summed exactly in that call.
     */
    function classify(images: SparseImages, first: number, n: number, net: Network, pixel = pixelTable()) {
      const rows = memory.allocIndices(n);
      for (let r = 0; r < n; r++) rows[r] = first + r;
      const predicted = memory.allocIndices(n);
      const expected = new Int32Array(n);
      const [settledBefore, summedBefore] = native.evaluationCounts();
      native.classifySparse(memory.at(images.rowStart), memory.at(images.index), memory.at(images.value), memory.at(rows), n, images.features,
        memory.at(pixel), memory.at(net.W1), memory.at(net.b1), net.hidden, memory.at(net.W2), memory.at(net.b2), net.outputs, memory.at(predicted), 0);
      const [settled, summed] = native.evaluationCounts();
      referenceKernels.classifySparse({ images, rows, n, pixel, ...net, scratch: new Float32Array(net.hidden + net.outputs + 12), predicted: expected });
      return { predicted: Array.from(predicted), expected: Array.from(expected), settled: settled - settledBefore, summed: summed - summedBefore };
    }

    describe('with the flagship\'s trained network (results/lr-comparison, lr 0.5)', () => {
      let net: Network;
      beforeAll(() => {
        const model = readModel(fileURLToPath(new URL('../../results/lr-comparison/runs/lr-0.5', import.meta.url)));
        const [W1, b1, W2, b2] = model.tensors.map((t) => floats(t.data));
        net = { W1, b1, hidden: 50, W2, b2, outputs: 10 };
      });

      it('gives every test image the exact kernels\' class, settling nearly all of them with half-precision weights', () => {
        const { predicted, expected, settled, summed } = classify(shared.dataset.test, 0, 10000, net);
        expect(predicted).toEqual(expected);
        expect(settled + summed).toBe(10000);
        // the bound leaves about 1% to the exact kernels on this network
        expect(settled).toBeGreaterThan(9500);
        expect(summed).toBeGreaterThan(0);
      });

      it('leaves an exact tie between two classes to the exact kernels, which give the first of them', () => {
        const W2 = floats(net.W2);
        const b2 = floats(net.b2);
        // class 7 becomes a copy of class 3, both far above the rest: every image ties between them
        for (let j = 0; j < 50; j++) W2[j * 10 + 7] = W2[j * 10 + 3];
        b2[3] = b2[7] = 100;
        const { predicted, expected, settled } = classify(shared.dataset.test, 0, 2000, { ...net, W2, b2 });
        expect(predicted).toEqual(expected);
        expect(new Set(expected)).toEqual(new Set([3]));
        expect(settled).toBe(0);
      });

      it('gives the exact kernels\' class when two classes differ by one unit in the last place', () => {
        const W2 = floats(net.W2);
        const b2 = floats(net.b2);
        for (let j = 0; j < 50; j++) W2[j * 10 + 7] = W2[j * 10 + 3] * (1 + 2 ** -23);
        b2[3] = b2[7] = 100;
        const { predicted, expected, settled } = classify(shared.dataset.test, 0, 2000, { ...net, W2, b2 });
        expect(predicted).toEqual(expected);
        expect(settled).toBe(0);
      });

      it('settles every image when every hidden unit is dead, from the output biases alone', () => {
        const b1 = floats(Array.from({ length: 50 }, () => -1000));
        const { predicted, expected, settled } = classify(shared.dataset.test, 0, 2000, { ...net, b1 });
        expect(predicted).toEqual(expected);
        expect(new Set(expected).size).toBe(1);
        expect(settled).toBe(2000);
      });

      for (const power of [90, -90]) {
        it(`gives the exact kernels' classes with the first layer's weights scaled by 2^${power}`, () => {
          const W1 = floats(net.W1.map((w) => w * 2 ** power));
          const b1 = floats(net.b1.map((b) => b * 2 ** power));
          const W2 = floats(net.W2.map((w) => w * 2 ** -power));
          const { predicted, expected, settled } = classify(shared.dataset.test, 0, 2000, { ...net, W1, b1, W2 });
          expect(predicted).toEqual(expected);
          expect(settled).toBeGreaterThan(1500);
        });
      }

      it('gives the exact kernels\' classes when a row mixes weights near float32\'s smallest with its largest', () => {
        const W1 = floats(net.W1.map((w, i) => (i % 7 === 0 ? w * 1e-36 : i % 11 === 0 ? w * 2 ** -130 : w)));
        const { predicted, expected } = classify(shared.dataset.test, 0, 2000, { ...net, W1 });
        expect(predicted).toEqual(expected);
      });

      const refused: [string, (n: Network) => Partial<Network>, boolean?][] = [
        ['a first-layer weight is NaN', (n) => ({ W1: floats(n.W1.map((w, i) => (i === 4321 ? NaN : w))) })],
        ['a second-layer weight is infinite', (n) => ({ W2: floats(n.W2.map((w, i) => (i === 17 ? Infinity : w))) })],
        ['a bias is infinite', (n) => ({ b1: floats(n.b1.map((b, i) => (i === 3 ? -Infinity : b))) })],
        ['the first layer\'s sums could reach float32\'s range', (n) => ({ W1: floats(n.W1.map((w) => w * 1e36)) })],
        ['a pixel value is negative', () => ({}), true],
      ];
      for (const [title, change, negativePixel] of refused) {
        it(`sums every image exactly when ${title}`, () => {
          const { predicted, expected, settled, summed } = classify(shared.dataset.test, 0, 500, { ...net, ...change(net) }, pixelTable(negativePixel));
          expect(predicted).toEqual(expected);
          expect(settled).toBe(0);
          expect(summed).toBe(500);
        });
      }
    });

    // the last vector of sums (hidden units, then the two bound lanes) full at 54, holding the bound lanes alone at 48, partly used at 10 and 100
    for (const [hidden, screens] of [[10, true], [48, true], [54, true], [100, true], [126, true], [127, false]] as const) {
      it(`gives the exact kernels' classes with ${hidden} hidden units, ${screens ? 'settling most images in passes of 7 vectors' : 'summing every image: past the 126 a screen takes'}`, () => {
        const net = { W1: normals(784 * hidden, 0.1), b1: normals(hidden, 0.1), hidden, W2: normals(hidden * 10, 1), b2: normals(10, 1), outputs: 10 };
        const { predicted, expected, settled } = classify(shared.dataset.test, 0, 2000, net);
        expect(predicted).toEqual(expected);
        expect(new Set(expected).size).toBeGreaterThan(5);
        if (screens) expect(settled).toBeGreaterThan(1000);
        else expect(settled).toBe(0);
      });
    }

    it('does not settle a class that rounding the weights to half precision would flip', () => {
      // one pixel of value 1 and one hidden unit: score 0 is the weight w = 1 + 2^-12, score 1 the bias
      // c = 1 + 2^-13; w rounds to 1 in half precision (at every scale), so without the weights' error
      // in the bound the screen would give class 1, where the exact class is 0
      const images = imagesOf([[{ index: 300, value: 255 }]]);
      const W1 = floats(Array.from({ length: 784 }, (_, p) => (p === 300 ? 1 + 2 ** -12 : 0)));
      const net = { W1, b1: floats([0]), hidden: 1, W2: floats([1, 0]), b2: floats([0, 1 + 2 ** -13]), outputs: 2 };
      const { predicted, expected, settled } = classify(images, 0, 1, net);
      expect(expected).toEqual([0]);
      expect(predicted).toEqual([0]);
      expect(settled).toBe(0);
    });

    it('does not settle a class that float32\'s own roundings decide, against the exact sum', () => {
      const pixel = pixelTable();
      let decidedByRounding = 0;
      for (let trial = 0; trial < 200; trial++) {
        const net = roundingDecidedCase(random, pixel);
        if (!net.decidedByRounding) continue;
        decidedByRounding++;
        const { predicted, expected } = classify(imagesOf([net.entries]), 0, 1, { W1: floats(net.W1), b1: floats([net.b1]), hidden: 1, W2: floats(net.W2), b2: floats(net.b2), outputs: 2 }, pixel);
        expect(predicted, `trial ${trial}`).toEqual(expected);
      }
      expect(decidedByRounding).toBeGreaterThan(150);
    });
  });
}
