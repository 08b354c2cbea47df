/**
 * What each layer computes, on inputs small enough to work out by hand: the forward values
 * in both modes, what training changes (batchnorm's running averages, dropout's mask), and
 * the shapes and tensors the registry gives each layer type. The gradient checks
 * (layers-gradient-check.test.ts) check each backward pass against its forward pass; these
 * check the forward passes themselves, quickly, without a training run.
 */
import { describe, expect, it } from 'vitest';
import type { LayerSpec, Shape } from '../../src/core/architecture.js';
import type { Floats, Input } from '../../src/core/floats.js';
import { numpyKernels } from '../../src/core/kernels/blas64.js';
import { referenceKernels } from '../../src/core/kernels/reference.js';
import type { Kernels } from '../../src/core/kernels/kernels.js';
import { Affine } from '../../src/core/layers/affine.js';
import { BatchNorm } from '../../src/core/layers/batchnorm.js';
import { CONV_CHUNK } from '../../src/core/layers/conv.js';
import { Dropout } from '../../src/core/layers/dropout.js';
import type { Layer } from '../../src/core/layers/layer.js';
import { architectureTensors, layerKind, traceShapes } from '../../src/core/layers/registry.js';
import { SoftmaxWithLoss } from '../../src/core/layers/softmax-with-loss.js';
import { pixelScale } from '../../src/core/pixels.js';
import { createRandom } from '../../src/core/random/index.js';

const TOLERANCE = 1e-12;

/** A float64 layer made by the registry, for up to `capacity` images of `input`. */
function layerOf(spec: LayerSpec, input: Shape, { capacity = 4, first = false, random = createRandom('default', 5), kernels = referenceKernels as Kernels } = {}): Layer {
  const output = layerKind(spec).outputShape(input, spec);
  if ('problem' in output) throw new Error(output.problem);
  return layerKind(spec).create({
    kernels, precision: 'float64', capacity, input, output, pixel: pixelScale('float64', kernels), first, random: () => random,
  }, spec);
}

const dense = (values: number[], n: number): Input => ({ kind: 'dense', x: Float64Array.from(values), n });
const flat = (features: number): Shape => ({ channels: features, height: 1, width: 1 });
const set = (array: Floats, values: number[]) => array.set(values);

function expectClose(actual: ArrayLike<number>, expected: number[], tolerance = TOLERANCE): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((value, i) => expect(Math.abs(actual[i] - value), `at ${i}: ${actual[i]} against ${value}`).toBeLessThanOrEqual(tolerance));
}

describe('a dense layer', () => {
  it('gives x . W + b for each image', () => {
    const layer = layerOf({ type: 'affine', outputs: 2 }, flat(3));
    const [W, b] = layer.tensors.map((t) => t.data);
    set(W, [1, 2, 3, 4, 5, 6]); // 3 x 2
    set(b, [0.5, -1]);
    const out = layer.forward(dense([1, 0, -1, 2, 1, 0], 2), 'evaluate', referenceKernels);
    expectClose(out.subarray(0, 4), [1 - 5 + 0.5, 2 - 6 - 1, 2 + 3 + 0.5, 4 + 4 - 1]);
  });

  it('reads sparse images as the same pixels scaled to [0, 1] when it comes first', () => {
    const sparseLayer = layerOf({ type: 'affine', outputs: 2 }, flat(4), { first: true, capacity: 2 });
    const denseLayer = layerOf({ type: 'affine', outputs: 2 }, flat(4), { capacity: 2 });
    for (const layer of [sparseLayer, denseLayer]) {
      set(layer.tensors[0].data, [1, -2, 3, 0.5, -1, 2, 4, 1]);
      set(layer.tensors[1].data, [0.25, -0.75]);
    }
    // image 0 has pixels 255 at 1 and 51 at 3; image 1 has 102 at 0
    const images = { rowStart: Uint32Array.from([0, 2, 3]), index: Uint16Array.from([1, 3, 0]), value: Uint8Array.from([255, 51, 102]), features: 4 };
    const sparse = sparseLayer.forward({ kind: 'sparse', images, rows: Int32Array.from([1, 0]), n: 2 }, 'train', referenceKernels);
    const expected = denseLayer.forward(dense([0.4, 0, 0, 0, 0, 1, 0, 0.2], 2), 'train', referenceKernels);
    expectClose(sparse.subarray(0, 4), Array.from(expected.subarray(0, 4)), 1e-7);
    expect(sparseLayer.backward(new Float64Array([1, 1, 1, 1]))).toBeNull();
  });

  it('draws W with the standard deviation asked for and sets b to 0', () => {
    const layer = layerOf({ type: 'affine', outputs: 50 }, flat(40));
    const [W, b] = layer.tensors.map((t) => t.data);
    b.fill(3);
    layer.initialize!({ std: 2 }, createRandom('default', 1));
    const mean = Array.from(W).reduce((s, v) => s + v, 0) / W.length;
    const std = Math.sqrt(Array.from(W).reduce((s, v) => s + (v - mean) ** 2, 0) / W.length);
    expect(Math.abs(std - 2)).toBeLessThan(0.1);
    expect(Array.from(b)).toEqual(new Array(50).fill(0));
  });
});

describe('a convolution', () => {
  const image: Shape = { channels: 1, height: 3, width: 3 };
  const pixels = [1, 2, 3, 4, 5, 6, 7, 8, 9];

  it('slides its filter over the image and adds the bias, filter by filter', () => {
    const layer = layerOf({ type: 'conv', filters: 2, size: 2, stride: 1, pad: 0 }, image, { capacity: 1 });
    set(layer.tensors[0].data, [1, 0, 0, -1, 0, 1, 1, 0]); // filter 0: a - d; filter 1: b + c
    set(layer.tensors[1].data, [10, 0]);
    const out = layer.forward(dense(pixels, 1), 'train', referenceKernels);
    expectClose(out, [10 - 4, 10 - 4, 10 - 4, 10 - 4, 2 + 4, 3 + 5, 5 + 7, 6 + 8]);
  });

  it('pads with zeros and steps by its stride', () => {
    const layer = layerOf({ type: 'conv', filters: 1, size: 2, stride: 2, pad: 1 }, image, { capacity: 1 });
    set(layer.tensors[0].data, [1, 1, 1, 1]);
    const out = layer.forward(dense(pixels, 1), 'train', referenceKernels);
    // windows at rows -1..0 and 1..2, columns likewise: corners of the padded image
    expectClose(out, [1, 2 + 3, 4 + 7, 5 + 6 + 8 + 9]);
  });

  it(`gives a batch of more than ${CONV_CHUNK} images, taken chunk by chunk, what each image gives alone, pass after pass`, () => {
    const n = CONV_CHUNK + 3;
    const random = createRandom('default', 9);
    const x = Float64Array.from({ length: n * 9 }, () => random.normal());
    const spec: LayerSpec = { type: 'conv', filters: 2, size: 2, stride: 1, pad: 0 };
    const batch = layerOf(spec, image, { capacity: n });
    const one = layerOf(spec, image, { capacity: 1 });
    for (const layer of [batch, one]) {
      set(layer.tensors[0].data, [0.5, -1, 2, 0.25, -0.5, 1.5, 0, 1]);
      set(layer.tensors[1].data, [0.1, -0.2]);
    }
    // two passes with different gradients: the second's dW and db replace the first's
    for (const pass of [1, 2]) {
      const dout = Float64Array.from({ length: n * 8 }, () => pass * random.normal());
      const out = Array.from(batch.forward({ kind: 'dense', x, n }, 'train', referenceKernels));
      const dx = Array.from(batch.backward(dout.slice())!);
      const [dW, db] = batch.tensors.map((t) => Array.from(t.grad!));
      const sumW = new Array(8).fill(0);
      const sumB = [0, 0];
      for (let i = 0; i < n; i++) {
        expectClose(out.slice(i * 8, i * 8 + 8), Array.from(one.forward({ kind: 'dense', x: x.slice(i * 9, i * 9 + 9), n: 1 }, 'train', referenceKernels)), 1e-12);
        expectClose(dx.slice(i * 9, i * 9 + 9), Array.from(one.backward(dout.slice(i * 8, i * 8 + 8))!), 1e-12);
        one.tensors[0].grad!.forEach((v, k) => (sumW[k] += v));
        one.tensors[1].grad!.forEach((v, k) => (sumB[k] += v));
      }
      expectClose(dW, sumW, 1e-9);
      expectClose(db, sumB, 1e-9);
    }
  });

  it('reads sparse images as the same pixels scaled to [0, 1] when it comes first', () => {
    const spec: LayerSpec = { type: 'conv', filters: 1, size: 2, stride: 1, pad: 0 };
    const sparseLayer = layerOf(spec, { channels: 1, height: 2, width: 2 }, { first: true, capacity: 2 });
    const denseLayer = layerOf(spec, { channels: 1, height: 2, width: 2 }, { capacity: 2 });
    for (const layer of [sparseLayer, denseLayer]) set(layer.tensors[0].data, [1, -2, 3, 0.5]);
    const images = { rowStart: Uint32Array.from([0, 2, 3]), index: Uint16Array.from([1, 3, 0]), value: Uint8Array.from([255, 51, 102]), features: 4 };
    const sparse = sparseLayer.forward({ kind: 'sparse', images, rows: Int32Array.from([1, 0]), n: 2 }, 'train', referenceKernels);
    expectClose(sparse, [0.4, -2 + 0.1], 1e-7);
    expect(sparseLayer.backward(new Float64Array([1, 1]))).toBeNull();
    expectClose(denseLayer.forward(dense([0.4, 0, 0, 0, 0, 1, 0, 0.2], 2), 'train', referenceKernels), Array.from(sparse), 1e-7);
    expect(denseLayer.backward(new Float64Array([1, 1]))).not.toBeNull();
  });
});

describe('max pooling', () => {
  it('keeps the largest value of each window, channel by channel', () => {
    const layer = layerOf({ type: 'pool', size: 2, stride: 2 }, { channels: 2, height: 2, width: 4 }, { capacity: 1 });
    const out = layer.forward(dense([1, 5, 2, 0, 3, -1, 8, 7, /* channel 1 */ -4, -3, 0, 0, -2, -5, 0, 1], 1), 'train', referenceKernels);
    expectClose(out, [5, 8, -2, 1]);
  });

  it('sends each gradient to the first of equal maxima, and nothing elsewhere', () => {
    const layer = layerOf({ type: 'pool', size: 2, stride: 2 }, { channels: 1, height: 2, width: 2 }, { capacity: 1 });
    layer.forward(dense([3, 3, 1, 3], 1), 'train', referenceKernels);
    expectClose(layer.backward(new Float64Array([2]))!, [2, 0, 0, 0]);
  });
});

describe('max pooling, pass after pass', () => {
  it('sends each pass\'s gradient to that pass\'s maxima only, image by image', () => {
    const layer = layerOf({ type: 'pool', size: 2, stride: 2 }, { channels: 1, height: 4, width: 4 }, { capacity: 2 });
    const first = Array.from({ length: 32 }, (_, i) => i); // the maximum of each window at its bottom right
    const second = Array.from({ length: 32 }, (_, i) => 32 - i); // at its top left
    expectClose(layer.forward(dense(first, 2), 'train', referenceKernels), [5, 7, 13, 15, 21, 23, 29, 31]);
    layer.backward(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]));
    expectClose(layer.forward(dense(second, 2), 'train', referenceKernels), [32, 30, 24, 22, 16, 14, 8, 6]);
    const dx = layer.backward(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]))!;
    const expected = new Array(32).fill(0);
    [0, 2, 8, 10, 16, 18, 24, 26].forEach((at, k) => (expected[at] = k + 1));
    expectClose(dx, expected);
  });
});

describe('the elementwise activations', () => {
  const x = [-2, -0.5, 0, 0.5, 3];
  for (const [type, f] of [
    ['relu', (v: number) => Math.max(0, v)],
    ['sigmoid', (v: number) => 1 / (1 + Math.exp(-v))],
    ['tanh', Math.tanh],
  ] as const) {
    it(`${type} maps each value and keeps the shape`, () => {
      const layer = layerOf({ type }, flat(5), { capacity: 1 });
      expect(layerKind({ type }).outputShape(flat(5), { type })).toEqual(flat(5));
      expect(layer.tensors).toEqual([]);
      expectClose(layer.forward(dense(x, 1), 'evaluate', referenceKernels), x.map(f), 1e-15);
    });
  }

  it('and pooling and dropout own no tensors', () => {
    expect(layerOf({ type: 'pool', size: 1, stride: 1 }, flat(5)).tensors).toEqual([]);
    expect(layerOf({ type: 'dropout', rate: 0.5 }, flat(5)).tensors).toEqual([]);
  });

  it('refuse sparse images: the network makes them dense first', () => {
    const images = { rowStart: Uint32Array.from([0, 0]), index: new Uint16Array(0), value: new Uint8Array(0), features: 5 };
    expect(() => layerOf({ type: 'relu' }, flat(5)).forward({ kind: 'sparse', images, rows: Int32Array.from([0]), n: 1 }, 'train', referenceKernels))
      .toThrow('this layer takes dense input only');
  });

  it('relu passes the gradient only where its output is positive', () => {
    const layer = layerOf({ type: 'relu' }, flat(5), { capacity: 1 });
    layer.forward(dense(x, 1), 'train', referenceKernels);
    expectClose(layer.backward(Float64Array.from([1, 2, 3, 4, 5]))!, [0, 0, 0, 4, 5]);
  });
});

describe('batch normalization', () => {
  const spec: LayerSpec = { type: 'batchnorm', momentum: 0.9, epsilon: 1e-5 };
  // two images of two features: feature 0 is 1 and 3, feature 1 is 10 and 30
  const batch = () => dense([1, 10, 3, 30], 2);

  it('starts as gamma 1, beta 0, running mean 0 and running variance 1', () => {
    const layer = layerOf(spec, flat(2));
    expect(layer.tensors.map((t) => [t.name, Array.from(t.data), t.grad !== null])).toEqual([
      ['gamma', [1, 1], true], ['beta', [0, 0], true], ['running_mean', [0, 0], false], ['running_var', [1, 1], false],
    ]);
  });

  it('normalises each feature by the batch mean and variance while training, then scales by gamma and shifts by beta', () => {
    const layer = layerOf(spec, flat(2)) as BatchNorm;
    set(layer.gamma, [2, 1]);
    set(layer.beta, [0.5, -1]);
    const out = layer.forward(batch(), 'train');
    const z0 = 1 / Math.sqrt(1 + 1e-5); // feature 0: mean 2, variance 1
    const z1 = 10 / Math.sqrt(100 + 1e-5); // feature 1: mean 20, variance 100
    expectClose(out.subarray(0, 4), [0.5 - 2 * z0, -1 - z1, 0.5 + 2 * z0, -1 + z1]);
  });

  it('moves the running averages a tenth of the way to the batch statistics at momentum 0.9, pass after pass', () => {
    const layer = layerOf(spec, flat(2)) as BatchNorm;
    layer.forward(batch(), 'train');
    expectClose(layer.runningMean, [0.2, 2]);
    expectClose(layer.runningVar, [0.9 + 0.1, 0.9 + 10]);
    layer.forward(batch(), 'train');
    expectClose(layer.runningMean, [0.9 * 0.2 + 0.2, 0.9 * 2 + 2]);
    expectClose(layer.runningVar, [0.9 * 1 + 0.1, 0.9 * 10.9 + 10], 1e-12);
  });

  it('normalises by the running averages when evaluating, leaving them as they are', () => {
    const layer = layerOf(spec, flat(2)) as BatchNorm;
    set(layer.runningMean, [1, -2]);
    set(layer.runningVar, [4, 0.25]);
    set(layer.beta, [0, 3]);
    const out = layer.forward(dense([5, 0], 1), 'evaluate');
    expectClose(out.subarray(0, 2), [4 / Math.sqrt(4 + 1e-5), 3 + 2 / Math.sqrt(0.25 + 1e-5)]);
    expectClose(layer.runningMean, [1, -2]);
    expectClose(layer.runningVar, [4, 0.25]);
  });

  it('takes the statistics of a channel over every image and position after a convolution', () => {
    const layer = layerOf(spec, { channels: 2, height: 1, width: 2 }, { capacity: 2 }) as BatchNorm;
    // channel 0 holds 0, 2 (image 0) and 4, 6 (image 1): mean 3, variance 5; channel 1 is constant 7
    const out = layer.forward(dense([0, 2, 7, 7, 4, 6, 7, 7], 2), 'train');
    const z = (v: number) => (v - 3) / Math.sqrt(5 + 1e-5);
    expectClose(out.subarray(0, 8), [z(0), z(2), 0, 0, z(4), z(6), 0, 0]);
    expectClose(layer.runningMean, [0.3, 0.7]);
    expectClose(layer.runningVar, [0.9 + 0.5, 0.9]);
  });
});

describe('dropout', () => {
  const x = Array.from({ length: 40 }, (_, i) => i + 1);

  it('is the identity when evaluating and draws nothing', () => {
    const random = createRandom('default', 3);
    const layer = layerOf({ type: 'dropout', rate: 0.5 }, flat(40), { capacity: 1, random });
    expectClose(layer.forward(dense(x, 1), 'evaluate', referenceKernels), x);
    expect(random.uniform()).toBe(createRandom('default', 3).uniform());
  });

  it('keeps a unit where its uniform draw is at least the rate, scaled by 1 / (1 - rate), and zeroes the others', () => {
    const layer = layerOf({ type: 'dropout', rate: 0.25 }, flat(40), { capacity: 1, random: createRandom('default', 3) }) as Dropout;
    const draws = createRandom('default', 3);
    const kept = x.map(() => draws.uniform() >= 0.25);
    expect(kept.filter(Boolean).length).toBeGreaterThan(0);
    expect(kept.filter(Boolean).length).toBeLessThan(40);
    const out = layer.forward(dense(x, 1), 'train');
    expectClose(out, x.map((v, i) => (kept[i] ? v / 0.75 : 0)));
    expectClose(layer.backward(new Float64Array(40).fill(3)), kept.map((k) => (k ? 3 / 0.75 : 0)));
  });

  it('at rate 0 passes values and gradients through while training, and draws nothing', () => {
    const random = createRandom('default', 3);
    const layer = layerOf({ type: 'dropout', rate: 0 }, flat(40), { capacity: 1, random });
    expectClose(layer.forward(dense(x, 1), 'train', referenceKernels), x);
    expectClose(layer.backward(Float64Array.from(x))!, x);
    expect(random.uniform()).toBe(createRandom('default', 3).uniform());
  });

  it('draws a fresh mask for each training pass unless frozen', () => {
    const layer = layerOf({ type: 'dropout', rate: 0.5 }, flat(40), { capacity: 1 }) as Dropout;
    const masks = [0, 1, 2].map((k) => {
      layer.frozen = k === 2;
      layer.forward(dense(x, 1), 'train');
      return Array.from(layer.mask);
    });
    expect(masks[1]).not.toEqual(masks[0]);
    expect(masks[2]).toEqual(masks[1]);
  });
});

describe('softmax with cross-entropy', () => {
  it('gives the mean of -log p(label) and the gradient (p - one-hot) / n', () => {
    const last = new SoftmaxWithLoss(referenceKernels, 'float64', 3, 2);
    const loss = last.forward(Float64Array.from([0, 0, 0, 1, 2, 3]), [1, 2], 2);
    const e = [Math.exp(1), Math.exp(2), Math.exp(3)];
    const total = e[0] + e[1] + e[2];
    const p = [1 / 3, 1 / 3, 1 / 3, e[0] / total, e[1] / total, e[2] / total];
    expect(Math.abs(loss - (-Math.log(1 / 3) - Math.log(p[5])) / 2)).toBeLessThan(1e-6);
    expectClose(last.y.subarray(0, 6), p);
    expectClose(last.backward().subarray(0, 6), [p[0] / 2, (p[1] - 1) / 2, p[2] / 2, p[3] / 2, p[4] / 2, (p[5] - 1) / 2]);
  });
});

describe('every layer', () => {
  it('has gradients as long as what they are the gradients of: each trainable tensor, and the batch it was given', () => {
    const input: Shape = { channels: 2, height: 3, width: 3 };
    const capacity = 3;
    for (const spec of [
      { type: 'affine', outputs: 4 },
      { type: 'conv', filters: 3, size: 2, stride: 1, pad: 0 },
      { type: 'pool', size: 2, stride: 1 },
      { type: 'batchnorm', momentum: 0.9, epsilon: 1e-5 },
    ] as LayerSpec[]) {
      const layer = layerOf(spec, input, { capacity });
      for (const t of layer.tensors) if (t.grad) expect(t.grad.length, `${spec.type} ${t.name}`).toBe(t.data.length);
      const outputs = layer.forward(dense(Array.from({ length: capacity * 18 }, (_, i) => Math.sin(i)), capacity), 'train', referenceKernels).length;
      expect(layer.backward(new Float64Array(outputs).fill(1))!.length, spec.type).toBe(capacity * 18);
    }
  });

  it('with tensors refuses a backward pass before any forward pass', () => {
    expect(() => layerOf({ type: 'affine', outputs: 2 }, flat(3)).backward(new Float64Array(8))).toThrow('Affine.backward called before forward');
    expect(() => layerOf({ type: 'conv', filters: 1, size: 1, stride: 1, pad: 0 }, flat(3)).backward(new Float64Array(4))).toThrow('Conv.backward called before forward');
  });
});

describe('the registry', () => {
  it('gives each layer type its output shape', () => {
    const input: Shape = { channels: 3, height: 7, width: 5 };
    expect(layerKind({ type: 'affine', outputs: 4 }).outputShape(input, { type: 'affine', outputs: 4 })).toEqual(flat(4));
    const conv = { type: 'conv', filters: 6, size: 3, stride: 2, pad: 1 } as const;
    expect(layerKind(conv).outputShape(input, conv)).toEqual({ channels: 6, height: 4, width: 3 });
    const pool = { type: 'pool', size: 2, stride: 2 } as const;
    expect(layerKind(pool).outputShape(input, pool)).toEqual({ channels: 3, height: 3, width: 2 });
    const exact = { type: 'pool', size: 5, stride: 1 } as const;
    expect(layerKind(exact).outputShape(input, exact)).toEqual({ channels: 3, height: 3, width: 1 });
    const norm = { type: 'batchnorm', momentum: 0.9, epsilon: 1e-5 } as const;
    expect(layerKind(norm).outputShape(input, norm)).toEqual(input);
    expect(layerKind({ type: 'dropout', rate: 0.1 }).outputShape(input, { type: 'dropout', rate: 0.1 })).toEqual(input);
  });

  it('says which window does not fit which input', () => {
    const input: Shape = { channels: 3, height: 7, width: 2 };
    const conv = { type: 'conv', filters: 6, size: 3, stride: 1, pad: 0 } as const;
    expect(layerKind(conv).outputShape(input, conv)).toEqual({ problem: 'conv 3x3 with pad 0 receives 3x7x2' });
    const padded = { ...conv, pad: 1 };
    expect(layerKind(padded).outputShape(input, padded)).toEqual({ channels: 6, height: 7, width: 2 });
    expect(layerKind(conv).outputShape({ channels: 1, height: 2, width: 7 }, conv)).toEqual({ problem: 'conv 3x3 with pad 0 receives 1x2x7' });
    const pool = { type: 'pool', size: 3, stride: 1 } as const;
    expect(layerKind(pool).outputShape(input, pool)).toEqual({ problem: 'pool 3x3 receives 3x7x2' });
    const tall = { type: 'pool', size: 3, stride: 1 } as const;
    expect(layerKind(tall).outputShape({ channels: 1, height: 2, width: 7 }, tall)).toEqual({ problem: 'pool 3x3 receives 1x2x7' });
  });

  it('names every tensor of a network by layer index, with its shape and whether training changes it', () => {
    const tensors = architectureTensors({
      input: { channels: 2, height: 4, width: 4 },
      layers: [
        { type: 'conv', filters: 3, size: 3, stride: 1, pad: 1 },
        { type: 'batchnorm', momentum: 0.9, epsilon: 1e-5 },
        { type: 'relu' },
        { type: 'pool', size: 2, stride: 2 },
        { type: 'dropout', rate: 0.5 },
        { type: 'affine', outputs: 10 },
      ],
    });
    expect(tensors).toEqual([
      { name: 'layers.0.W', shape: [3, 2, 3, 3], trainable: true },
      { name: 'layers.0.b', shape: [3], trainable: true },
      { name: 'layers.1.gamma', shape: [3], trainable: true },
      { name: 'layers.1.beta', shape: [3], trainable: true },
      { name: 'layers.1.running_mean', shape: [3], trainable: false },
      { name: 'layers.1.running_var', shape: [3], trainable: false },
      { name: 'layers.5.W', shape: [12, 10], trainable: true },
      { name: 'layers.5.b', shape: [10], trainable: true },
    ]);
  });

  it('traces shapes up to the first layer that cannot take its input, and refuses to name the tensors past it', () => {
    const architecture = {
      input: { channels: 1, height: 4, width: 4 },
      layers: [{ type: 'pool', size: 2, stride: 2 }, { type: 'pool', size: 3, stride: 1 }, { type: 'relu' }] as LayerSpec[],
    };
    expect(traceShapes(architecture)).toEqual({
      shapes: [{ input: architecture.input, output: { channels: 1, height: 2, width: 2 } }],
      problem: { layer: 1, message: 'pool 3x3 receives 1x2x2' },
    });
    expect(() => architectureTensors(architecture)).toThrow('layer 1: pool 3x3 receives 1x2x2');
  });

  it('lets dense and convolution layers read sparse images when first, and no other', () => {
    const readers = (['affine', 'conv', 'pool', 'relu', 'sigmoid', 'tanh', 'batchnorm', 'dropout'] as const)
      .filter((type) => layerKind({ type } as LayerSpec).readsSparse === true);
    expect(readers).toEqual(['affine', 'conv']);
  });

  it('gives a layer the kernels it is built with, and evaluates with the ones a pass asks for', () => {
    const layer = layerOf({ type: 'affine', outputs: 1 }, flat(2), { capacity: 1, kernels: numpyKernels }) as Affine;
    set(layer.tensors[0].data, [2, 3]);
    expectClose(layer.forward(dense([1, 1], 1), 'evaluate', referenceKernels), [5]);
    expectClose(layer.forward(dense([1, 2], 1)), [8]);
  });
});
