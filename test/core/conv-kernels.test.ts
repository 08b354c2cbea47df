/**
 * The convolution path in float32: against float64 on the same parameters, in chunks as
 * in one piece, and the same bytes on every kernel set this machine has (the reference,
 * WebAssembly and native sets give a small ConvNet's training the same losses,
 * accuracies and tensors, bit for bit).
 */
import { describe, expect, it } from 'vitest';
import type { Architecture } from '../../src/core/architecture.js';
import { mnistDataDir } from '../../src/core/data/index.js';
import type { Floats } from '../../src/core/floats.js';
import { createKernelMemory, KernelMemory } from '../../src/core/kernels/memory.js';
import { KERNEL_SETS, kernelSet, selectKernels } from '../../src/core/kernels/registry.js';
import { CONV_CHUNK } from '../../src/core/layers/conv.js';
import { Network } from '../../src/core/network.js';
import { createRandom } from '../../src/core/random/index.js';
import { attachKernels, loadSharedDataset } from '../../src/core/shared-dataset.js';
import { train } from '../../src/core/train.js';

const SMALL: Architecture = {
  input: { channels: 2, height: 9, width: 9 },
  layers: [
    { type: 'conv', filters: 4, size: 3, stride: 1, pad: 1 },
    { type: 'relu' },
    { type: 'pool', size: 2, stride: 2 },
    { type: 'conv', filters: 3, size: 2, stride: 2, pad: 0 },
    { type: 'tanh' },
    { type: 'affine', outputs: 5 },
  ],
};

function inputsOf(n: number, alloc: (length: number) => Floats): { x: Floats; labels: number[] } {
  const random = createRandom('default', 21);
  const x = alloc(n * 2 * 81);
  x.forEach((_, i) => (x[i] = random.normal()));
  return { x, labels: Array.from({ length: n }, () => random.int(5)) };
}

/** The largest difference between two arrays, over the largest magnitude of the first. */
function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(a[i]));
  }
  return diff / scale;
}

describe('the convolution path', () => {
  it('in float32 on the WebAssembly kernels agrees with float64 within 1e-5 (scores) and 1e-4 (gradients) of the largest', () => {
    const n = 6;
    const exact = new Network({ architecture: SMALL, precision: 'float64', capacity: n });
    exact.initialize('he', createRandom('default', 2));
    const kernels = selectKernels(createKernelMemory(), 'wasm-simd');
    const fast = new Network({ architecture: SMALL, precision: 'float32', capacity: n, kernels });
    fast.tensors().forEach((t, k) => t.data.set(exact.tensors()[k].data));
    const exactIn = inputsOf(n, (length) => new Float64Array(length));
    const fastIn = inputsOf(n, (length) => kernels.alloc('float32', length));
    expect(relativeDifference(exact.predict({ kind: 'dense', x: exactIn.x, n }), fast.predict({ kind: 'dense', x: fastIn.x, n }))).toBeLessThan(1e-5);
    exact.gradient({ kind: 'dense', x: exactIn.x, n }, exactIn.labels);
    fast.gradient({ kind: 'dense', x: fastIn.x, n }, fastIn.labels);
    const fastGrads = fast.paramGrads();
    exact.paramGrads().forEach(({ grad }, k) => expect(relativeDifference(grad, fastGrads[k].grad), `tensor ${k}`).toBeLessThan(1e-4));
  });

  it(`gives a batch larger than its chunk of ${CONV_CHUNK} images the mean of its chunks' gradients (float64)`, () => {
    const n = CONV_CHUNK + 30;
    const whole = new Network({ architecture: SMALL, precision: 'float64', capacity: n });
    whole.initialize('he', createRandom('default', 4));
    const { x, labels } = inputsOf(n, (length) => new Float64Array(length));
    whole.gradient({ kind: 'dense', x, n }, labels);
    const expected = whole.paramGrads().map(({ grad }) => new Float64Array(grad.length));
    for (const [from, to] of [[0, 50], [50, n]]) {
      whole.gradient({ kind: 'dense', x: x.subarray(from * 162, to * 162), n: to - from }, labels.slice(from, to));
      whole.paramGrads().forEach(({ grad }, k) => grad.forEach((g, i) => (expected[k][i] += (g * (to - from)) / n)));
    }
    whole.gradient({ kind: 'dense', x, n }, labels);
    whole.paramGrads().forEach(({ grad }, k) => expect(relativeDifference(expected[k], grad), `tensor ${k}`).toBeLessThan(1e-12));
  });
});

describe('a small ConvNet trained on MNIST', () => {
  const shared = loadSharedDataset(mnistDataDir());
  const memory = new KernelMemory(shared.memory);
  const sets = KERNEL_SETS.filter((set) => !('unavailable' in kernelSet(set, memory))).map((set) => set.name);
  const architecture: Architecture = {
    input: { channels: 1, height: 28, width: 28 },
    layers: [
      { type: 'conv', filters: 4, size: 5, stride: 1, pad: 0 },
      { type: 'batchnorm', momentum: 0.9, epsilon: 1e-5 },
      { type: 'relu' },
      { type: 'pool', size: 2, stride: 2 },
      { type: 'conv', filters: 3, size: 3, stride: 2, pad: 1 },
      { type: 'relu' },
      { type: 'affine', outputs: 20 },
      { type: 'dropout', rate: 0.3 },
      { type: 'affine', outputs: 10 },
    ],
  };
  const run = (set: string) => {
    const { train: trainSplit, test } = shared.dataset;
    const outcome = train({
      model: { init: 'he', architecture },
      training: {
        optimizer: 'adam', learning_rate: 0.01, momentum: 0.9, beta1: 0.9, beta2: 0.999, weight_decay: 0.001,
        batch_size: 50, iterations: 24, eval_every: 8, sampling: 'shuffle', seed: 3, precision: 'float32', rng: 'default',
      },
      train: { images: trainSplit, start: 0, end: 2000 },
      evaluate: [{ name: 'test', slice: { images: test, start: 0, end: 300 } }],
      kernels: attachKernels(shared, set),
    });
    return { ...outcome, tensors: outcome.network.tensors().map((t) => Array.from(t.data)) };
  };

  it(`has the same losses, accuracies, predictions and tensors, bit for bit, on every kernel set here (${sets.join(', ')})`, () => {
    const expected = run('reference');
    expect(expected.losses[expected.losses.length - 1]).toBeLessThan(expected.losses[0]);
    for (const set of sets.filter((s) => s !== 'reference')) {
      const actual = run(set);
      expect(Array.from(actual.losses), set).toEqual(Array.from(expected.losses));
      expect(actual.evaluations, set).toEqual(expected.evaluations);
      expect(actual.predictions, set).toEqual(expected.predictions);
      expect(actual.tensors, set).toEqual(expected.tensors);
    }
  });
});
