/**
 * Dead hidden units (src/core/dead-units.ts): the screening kernels prove units zero after
 * the ReLU on every image of a call and leave out the units they are told are dead; an
 * evaluation hands what it proved to the next, which trusts a unit only while its weights
 * are the same bits. Whatever is skipped, the classes must be the exact kernels'.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { flatShape, fromHidden } from '../../src/core/architecture.js';
import { mnistDataDir } from '../../src/core/data/index.js';
import { deadUnitsOf, stillDead, type FirstLayer } from '../../src/core/dead-units.js';
import type { SparseImages } from '../../src/core/floats.js';
import type { MemoryKernels } from '../../src/core/kernels/kernels.js';
import { KernelMemory } from '../../src/core/kernels/memory.js';
import { nativeBinding, type NativeExports } from '../../src/core/kernels/native-addon.js';
import { referenceKernels } from '../../src/core/kernels/reference.js';
import { Network } from '../../src/core/network.js';
import { createRandom } from '../../src/core/random/index.js';
import { attachKernels, loadSharedDataset } from '../../src/core/shared-dataset.js';
import { Evaluator, train, type TrainInputs } from '../../src/core/train.js';
import { readModel } from '../../src/model/files.js';
import { SCREENING_SETS, screeningKernels } from '../helpers/kernels.js';
import { packSparse } from '../helpers/kernel-inputs.js';

const HIDDEN = 50;
const INPUTS = 784;

describe('a record of dead units', () => {
  const random = createRandom('default', 5);
  const layer = (): FirstLayer => ({
    W: Float32Array.from({ length: INPUTS * HIDDEN }, () => random.normal()),
    b: Float32Array.from({ length: HIDDEN }, () => random.normal()),
    inputs: INPUTS,
    hidden: HIDDEN,
  });
  const marks = (units: number[]): Int32Array => {
    const mask = new Int32Array(HIDDEN);
    for (const u of units) mask[u] = 1;
    return mask;
  };

  it('keeps the units marked with their weights, and finds them still dead while those are the same bits', () => {
    const first = layer();
    const proof = deadUnitsOf(marks([3, 17, 49]), first);
    expect(proof.units).toEqual([3, 17, 49]);
    expect(proof.weights[INPUTS + 1 + 5]).toBe(first.W[5 * HIDDEN + 17]);
    expect(proof.weights[2 * (INPUTS + 1) + INPUTS]).toBe(first.b[49]);
    const into = new Int32Array(HIDDEN).fill(7);
    stillDead(proof, first, into);
    expect(Array.from(into)).toEqual(Array.from(marks([3, 17, 49])));
  });

  const changes: [string, (l: FirstLayer) => void][] = [
    ['one weight of its column moves by one unit in the last place', (l) => { l.W[300 * HIDDEN + 17] = l.W[300 * HIDDEN + 17] * (1 + 2 ** -23); }],
    ['a zero weight of its column changes sign', (l) => { l.W[783 * HIDDEN + 17] = 0; }],
    ['its bias changes', (l) => { l.b[17] = l.b[17] + 1; }],
  ];
  for (const [title, change] of changes) {
    it(`no longer trusts a unit when ${title}`, () => {
      const first = layer();
      first.W[783 * HIDDEN + 17] = -0;
      const proof = deadUnitsOf(marks([3, 17]), first);
      change(first);
      const into = new Int32Array(HIDDEN);
      stillDead(proof, first, into);
      expect(Array.from(into)).toEqual(Array.from(marks([3])));
    });
  }

  it('trusts nothing without a record, and ignores units a smaller layer does not have', () => {
    const first = layer();
    const into = new Int32Array(HIDDEN).fill(1);
    stillDead(undefined, first, into);
    expect(into.every((v) => v === 0)).toBe(true);
    const proof = deadUnitsOf(marks([2, 40]), first);
    const smaller = { ...first, hidden: 30, W: new Float32Array(INPUTS * 30), b: new Float32Array(30) };
    const into30 = new Int32Array(30).fill(1);
    stillDead(proof, smaller, into30);
    expect(into30.every((v) => v === 0)).toBe(true);
  });
});

const shared = loadSharedDataset(mnistDataDir());
const FLAGSHIP = (lr: string): string => fileURLToPath(new URL(`../../results/lr-comparison/runs/lr-${lr}`, import.meta.url));

for (const screening of SCREENING_SETS) {
  const binding = nativeBinding(screening, shared.memory);
  const why = 'unavailable' in binding ? ` (skipped: the native ${screening.name} kernels, which screen, are unavailable here: ${binding.unavailable})` : '';
  describe.skipIf('unavailable' in binding)(`dead units on the screening kernels ${screening.name}${why}`, () => {
    const native = binding as NativeExports;
    const memory = new KernelMemory(shared.memory);
    for (const split of [shared.dataset.train, shared.dataset.test]) {
      memory.adopt(...Object.values(split).filter((v): v is ArrayBufferView => ArrayBuffer.isView(v)));
    }
    const pixel = memory.alloc('float32', 256) as Float32Array;
    for (let v = 0; v < 256; v++) pixel[v] = Math.fround(v / 255);
    const floats = (values: ArrayLike<number>): Float32Array => {
      const a = memory.alloc('float32', values.length) as Float32Array;
      a.set(values);
      return a;
    };
    interface Net { W1: Float32Array; b1: Float32Array; hidden: number; W2: Float32Array; b2: Float32Array; outputs: number }

    /** The screened classes of images[0, n) with `known` units marked dead, the units marked dead after the call, and the reference's classes. */
    function classify(images: SparseImages, n: number, net: Net, known: number[] = []) {
      const rows = memory.allocIndices(n);
      for (let r = 0; r < n; r++) rows[r] = r;
      const predicted = memory.allocIndices(n);
      const dead = memory.allocIndices(net.hidden);
      for (const u of known) dead[u] = 1;
      native.classifySparse(memory.at(images.rowStart), memory.at(images.index), memory.at(images.value), memory.at(rows), n, images.features,
        memory.at(pixel), memory.at(net.W1), memory.at(net.b1), net.hidden, memory.at(net.W2), memory.at(net.b2), net.outputs, memory.at(predicted),
        memory.at(dead));
      const expected = new Int32Array(n);
      referenceKernels.classifySparse({ images, rows, n, pixel, ...net, scratch: new Float32Array(net.hidden + net.outputs + 12), predicted: expected });
      const proven = Array.from(dead).flatMap((d, u) => (d === 1 ? [u] : []));
      return { predicted: Array.from(predicted), expected: Array.from(expected), proven };
    }

    /** The units whose exact float32 sums are at most zero for every one of images[0, n). */
    function trulyDead(images: SparseImages, n: number, net: Net): number[] {
      const rows = Int32Array.from({ length: n }, (_, r) => r);
      const out = new Float32Array(n * net.hidden);
      referenceKernels.sparseAffine({ images, rows, n, pixel, W: net.W1, m: net.hidden, b: net.b1, out });
      return Array.from({ length: net.hidden }, (_, u) => u).filter((u) => rows.every((_, r) => out[r * net.hidden + u] <= 0));
    }

    let net: Net;
    beforeAll(() => {
      // lr 1.5: most of its units died in training
      const [W1, b1, W2, b2] = readModel(FLAGSHIP('1.5')).tensors.map((t) => floats(t.data));
      net = { W1, b1, hidden: HIDDEN, W2, b2, outputs: 10 };
    });

    it('proves dead only units zero after the ReLU on every image, and nearly all of them', () => {
      const n = 3000;
      const truly = trulyDead(shared.dataset.test, n, net);
      const { predicted, expected, proven } = classify(shared.dataset.test, n, net);
      expect(predicted).toEqual(expected);
      expect(truly.length).toBeGreaterThan(35);
      for (const u of proven) expect(truly).toContain(u);
      expect(proven.length).toBeGreaterThanOrEqual(truly.length - 2);
    });

    it('gives the exact classes leaving out the units it is told are dead, and keeps them marked', () => {
      const n = 5000;
      const { proven } = classify(shared.dataset.test, n, net);
      const skipped = classify(shared.dataset.test, n, net, proven);
      expect(skipped.predicted).toEqual(skipped.expected);
      expect(skipped.proven).toEqual(proven);
    });

    it('does not prove dead a unit whose exact sum is above zero by less than half precision can tell', () => {
      // one pixel of value 1: the unit's exact sum is (1 + 2^-12) - 1 = 2^-12, and its weight rounds to 1 in half precision, so its screened sum is 0
      const images = packSparse([[{ index: 300, value: 255 }]], INPUTS, (bytes) => {
        const { buffer, byteOffset } = memory.arena.alloc(bytes);
        return { buffer, byteOffset, adopt: (array) => memory.adopt(array) };
      });
      const W1 = floats(Array.from({ length: INPUTS * 2 }, (_, i) => (i === 300 * 2 ? 1 + 2 ** -12 : i === 300 * 2 + 1 ? -1 : 0)));
      const tiny = { W1, b1: floats([-1, 0]), hidden: 2, W2: floats([1, 0, 0, 1]), b2: floats([0, 0]), outputs: 2 };
      expect(trulyDead(images, 1, tiny)).toEqual([1]);
      const { proven, predicted, expected } = classify(images, 1, tiny);
      expect(proven).toEqual([1]);
      expect(predicted).toEqual(expected);
    });
  });

  const kernels = screeningKernels(shared, screening);

  describe.skipIf(typeof kernels === 'string')(`an evaluation on ${screening.name} carrying dead units to the next${typeof kernels === 'string' ? ` (skipped: ${kernels})` : ''}`, () => {
    const k = kernels as MemoryKernels;
    const slices = [
      { name: 'test', slice: { images: shared.dataset.test, start: 0, end: 6000 } },
      { name: 'train', slice: { images: shared.dataset.train, start: 20000, end: 24000 } },
    ];
    const network = (lr: string, on: typeof k | typeof referenceKernels): Network => {
      const net = new Network({ architecture: fromHidden(flatShape(INPUTS), [HIDDEN], 'relu', 10), precision: 'float32', capacity: 100, kernels: on });
      const tensors = readModel(FLAGSHIP(lr)).tensors;
      net.tensors().forEach(({ data }, i) => data.set(tensors[i].data));
      return net;
    };
    const classes = (e: Evaluator): Record<string, number[]> => Object.fromEntries(Object.entries(e.predictions).map(([name, p]) => [name, Array.from(p)]));

    it('proves units dead per slice, and the next evaluation, skipping them, gives the same classes', () => {
      const net = network('1.5', k);
      const evaluator = new Evaluator(net, slices);
      const first = evaluator.accuracies();
      const firstClasses = classes(evaluator);
      expect(evaluator.deadUnits.test.units.length).toBeGreaterThan(35);
      expect(evaluator.deadUnits.train.units.length).toBeGreaterThan(35);
      expect(evaluator.accuracies()).toEqual(first);
      expect(classes(evaluator)).toEqual(firstClasses);
      const reference = new Evaluator(network('1.5', referenceKernels), slices);
      expect(reference.accuracies()).toEqual(first);
      expect(classes(reference)).toEqual(firstClasses);
    });

    it('sums a unit again once its weights change, so that a unit brought back to life decides the classes', () => {
      const net = network('1.5', k);
      const first = new Evaluator(net, slices);
      first.accuracies();
      const [unit] = first.deadUnits.test.units;
      // the unit comes alive on every image and pushes class 4 above the rest: an evaluation that still skipped it would not see it
      const [W1, b1, W2] = [net.affines[0].W, net.affines[0].b, net.affines[1].W];
      for (let i = 0; i < INPUTS; i++) W1[i * HIDDEN + unit] = 0.01;
      b1[unit] = 1;
      for (let c = 0; c < 10; c++) W2[unit * 10 + c] = c === 4 ? 100 : 0;
      const carried = new Evaluator(net, slices, first.deadUnits);
      const accuracy = carried.accuracies();
      expect(new Set(carried.predictions.test)).toEqual(new Set([4]));
      expect(carried.deadUnits.test.units).not.toContain(unit);
      const reference = network('1.5', referenceKernels);
      reference.tensors().forEach(({ data }, i) => data.set(net.tensors()[i].data));
      const exact = new Evaluator(reference, slices);
      expect(exact.accuracies()).toEqual(accuracy);
      expect(classes(exact)).toEqual(classes(carried));
    });

    it('proves none on a network whose units all live, and classifies as the reference', () => {
      const net = network('0.5', k);
      const evaluator = new Evaluator(net, slices);
      const accuracy = evaluator.accuracies();
      expect(evaluator.deadUnits.test.units).toEqual([]);
      const reference = new Evaluator(network('0.5', referenceKernels), slices);
      expect(reference.accuracies()).toEqual(accuracy);
    });
  });

  describe.skipIf(typeof kernels === 'string')(`training on ${screening.name} that leaves out units proven dead on its slice${typeof kernels === 'string' ? ` (skipped: ${kernels})` : ''}`, () => {
    const k = kernels as MemoryKernels;
    const wasm = attachKernels(shared, 'wasm');
    /** A run of the seed's protocol, and how many of its forward passes were told of dead units. */
    const run = (on: MemoryKernels, training: Partial<TrainInputs['training']>) => {
      let told = 0;
      const counting: MemoryKernels = { ...on, sparseAffine: (args) => { if (args.dead?.includes(1)) told++; on.sparseAffine(args); } };
      const outcome = train({
        model: { hidden: [HIDDEN], activation: 'relu', init: { std: 0.01 } },
        training: {
          optimizer: 'sgd', learning_rate: 1.5, momentum: 0.9, beta1: 0.9, beta2: 0.999, batch_size: 100, iterations: 600, eval_every: 200,
          sampling: 'replacement', seed: 1, precision: 'float32', rng: 'default', ...training,
        },
        train: { images: shared.dataset.train, start: 0, end: 10000 },
        evaluate: [{ name: 'test', slice: { images: shared.dataset.test, start: 0, end: 10000 } }],
        kernels: counting,
      });
      return { outcome, told };
    };
    const bits = (a: ArrayLike<number>): number[] => Array.from(new Uint32Array(Float32Array.from(a).buffer));

    it('leaves them out at lr 1.5 under plain SGD, with the losses, accuracies and weights of a run that sums them', () => {
      const skipping = run(k, {});
      const summing = run(wasm, {});
      // units die within the first hundred iterations: most of the 1,200 forward passes are told of them
      expect(skipping.told).toBeGreaterThan(800);
      expect(summing.told).toBe(0);
      expect(Array.from(skipping.outcome.losses)).toEqual(Array.from(summing.outcome.losses));
      expect(skipping.outcome.evaluations).toEqual(summing.outcome.evaluations);
      skipping.outcome.network.tensors().forEach(({ data }, i) => expect(bits(data)).toEqual(bits(summing.outcome.network.tensors()[i].data)));
    });

    for (const [title, training] of [['momentum', { optimizer: 'momentum', learning_rate: 0.3 }], ['weight decay', { weight_decay: 0.01 }]] as const) {
      it(`sums every unit under ${title}, where a dead unit's weights still move`, () => {
        expect(run(k, training).told).toBe(0);
      });
    }
  });
}
