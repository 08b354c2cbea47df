/**
 * The native kernels change only the speed: a run on each native set (AVX-512, AVX2, NEON)
 * is the same, bit for bit, as the run on the WebAssembly kernels, which
 * test/core/kernels.test.ts ties to the reference. Each set's suite is skipped where that
 * set is unavailable, saying why.
 */
import { describe, expect, it } from 'vitest';
import { mnistDataDir } from '../../src/core/data/index.js';
import { KernelMemory } from '../../src/core/kernels/memory.js';
import { nativeAvx512Set } from '../../src/core/kernels/native-avx512.js';
import { nativeAvx2Set, nativeNeonSet } from '../../src/core/kernels/native-vector.js';
import { kernelSet } from '../../src/core/kernels/registry.js';
import { attachKernels, loadSharedDataset } from '../../src/core/shared-dataset.js';
import { train, type TrainInputs } from '../../src/core/train.js';

const shared = loadSharedDataset(mnistDataDir());
for (const set of [nativeAvx512Set, nativeAvx2Set, nativeNeonSet]) {
  const native = kernelSet(set, new KernelMemory(shared.memory));
  const why = 'unavailable' in native ? ` (skipped: ${native.unavailable})` : '';
  describe.skipIf('unavailable' in native)(`a run on the ${set.name} kernels${why}`, () => runSuite(set.name, 'unavailable' in native));
}

function runSuite(set: string, unavailable: boolean): void {
  const { train: trainSplit, test } = shared.dataset;
  const run = (kernels: TrainInputs['kernels'], changes: { model?: Partial<TrainInputs['model']>; training?: Partial<TrainInputs['training']> }) => train({
    model: { hidden: [50], activation: 'relu', init: { std: 0.01 }, ...changes.model },
    training: {
      optimizer: 'sgd', learning_rate: 0.5, momentum: 0.9, beta1: 0.9, beta2: 0.999,
      batch_size: 100, iterations: 400, eval_every: 100, sampling: 'replacement',
      seed: 1, precision: 'float32', rng: 'default', ...changes.training,
    },
    train: { images: trainSplit, start: 0, end: 10000 },
    evaluate: [
      { name: 'train', slice: { images: trainSplit, start: 0, end: 20000 } },
      { name: 'test', slice: { images: test, start: 0, end: 10000 } },
    ],
    kernels,
  });
  const wasm = attachKernels(shared, 'wasm');
  // the body is collected even when skipped: attach the native kernels only where they run
  const fast = unavailable ? wasm : attachKernels(shared, set);

  const expectSameRun = (changes: Parameters<typeof run>[1]): void => {
    const expected = run(wasm, changes);
    const actual = run(fast, changes);
    expect(Array.from(actual.losses)).toEqual(Array.from(expected.losses));
    expect(actual.evaluations).toEqual(expected.evaluations);
    expect(actual.predictions).toEqual(expected.predictions);
    expect(actual.network.affines.map((a) => Array.from(a.W))).toEqual(expected.network.affines.map((a) => Array.from(a.W)));
  };

  it('uses the native kernels where the WebAssembly-only kernels do not', () => {
    expect(fast.name).toBe(`${set} + wasm-simd + reference`);
    expect(wasm.name).not.toMatch(/native/);
  });

  it('has the same losses, accuracies and weights, bit for bit, as on the WebAssembly kernels, at three learning rates', () => {
    for (const learningRate of [0.5, 1.2, 1.5]) expectSameRun({ training: { learning_rate: learningRate } });
  });

  it('is the same, bit for bit, for two sigmoid hidden layers trained with Adam, and for momentum', () => {
    expectSameRun({ model: { hidden: [100, 50], activation: 'sigmoid' }, training: { optimizer: 'adam', learning_rate: 0.01, iterations: 200 } });
    expectSameRun({ model: { hidden: [70] }, training: { optimizer: 'momentum', learning_rate: 0.05, iterations: 200 } });
  });
}
