/**
 * Backpropagation through every layer type against central differences (float64, 1e-7
 * relative on every trainable tensor), in training mode: batch statistics for batchnorm,
 * dropout's mask drawn once and then fixed.
 */
import { describe, expect, it } from 'vitest';
import type { Architecture, LayerSpec, Shape } from '../../src/core/architecture.js';
import { Dropout } from '../../src/core/layers/dropout.js';
import { Network } from '../../src/core/network.js';
import { createRandom } from '../../src/core/random/index.js';
import { networkGradientCheck } from './numerical-gradient.js';

const N = 4;
const LABELS = [0, 2, 1, 2];

/** A float64 network with every tensor drawn (biases, gamma and beta too, so none is trivial). */
function networkOf(input: Shape, layers: LayerSpec[], weightDecay = 0): Network {
  const architecture: Architecture = { input, layers: [...layers, { type: 'affine', outputs: 3 }] };
  const random = createRandom('default', 11);
  const network = new Network({ architecture, precision: 'float64', capacity: N, weightDecay });
  network.initialize({ std: 0.5 }, random);
  for (const t of network.tensors()) {
    if (t.name.endsWith('.b') || t.name.endsWith('.beta')) t.data.forEach((_, i) => (t.data[i] = 0.1 * random.normal()));
    if (t.name.endsWith('.gamma')) t.data.forEach((_, i) => (t.data[i] = 1 + 0.2 * random.normal()));
  }
  return network;
}

function inputOf(shape: Shape): { kind: 'dense'; x: Float64Array; n: number } {
  const random = createRandom('default', 7);
  return { kind: 'dense', x: Float64Array.from({ length: N * shape.channels * shape.height * shape.width }, () => random.normal()), n: N };
}

function expectGradients(network: Network, freeze?: () => void): void {
  const check = networkGradientCheck(network, inputOf(network.architecture.input), LABELS, { freeze });
  expect(check.worst, `worst at ${check.where.param}[${check.where.index}]`).toBeLessThan(1e-7);
}

const image: Shape = { channels: 2, height: 6, width: 6 };

describe('backpropagation agrees with central differences to 1e-7 (float64)', () => {
  for (const stride of [1, 2]) {
    for (const pad of [0, 1]) {
      it(`through two convolutions of stride ${stride} and pad ${pad}, over two input channels`, () => {
        expectGradients(networkOf(image, [
          { type: 'conv', filters: 3, size: 3, stride, pad },
          { type: 'tanh' },
          { type: 'conv', filters: 2, size: 2, stride, pad },
        ]));
      });
    }
  }

  for (const [size, stride] of [[2, 2], [3, 2]]) {
    it(`through max pooling ${size}x${size} with stride ${stride}`, () => {
      expectGradients(networkOf(image, [{ type: 'conv', filters: 3, size: 3, stride: 1, pad: 1 }, { type: 'pool', size, stride }]));
    });
  }

  it('through batch normalization in training mode, per feature after a dense layer', () => {
    expectGradients(networkOf({ channels: 5, height: 1, width: 1 }, [
      { type: 'affine', outputs: 6 }, { type: 'batchnorm', momentum: 0.9, epsilon: 1e-5 }, { type: 'tanh' },
    ]));
  });

  it('through batch normalization in training mode, per channel after a convolution', () => {
    expectGradients(networkOf(image, [
      { type: 'conv', filters: 3, size: 3, stride: 1, pad: 0 }, { type: 'batchnorm', momentum: 0.9, epsilon: 1e-5 }, { type: 'tanh' },
    ]));
  });

  it('through dropout with its mask fixed', () => {
    const network = networkOf({ channels: 5, height: 1, width: 1 }, [{ type: 'affine', outputs: 8 }, { type: 'dropout', rate: 0.5 }, { type: 'tanh' }]);
    const dropout = network.parts[1] as Dropout;
    expectGradients(network, () => (dropout.frozen = true));
    const kept = dropout.mask.subarray(0, N * 8).reduce((s, v) => s + v, 0);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(N * 8);
  });

  it('with weight decay on every W (and not on the biases)', () => {
    expectGradients(networkOf({ channels: 5, height: 1, width: 1 }, [{ type: 'affine', outputs: 6 }, { type: 'sigmoid' }], 0.3));
  });

  it('through a small network chaining all of them, with weight decay', () => {
    const network = networkOf(image, [
      { type: 'conv', filters: 3, size: 3, stride: 1, pad: 1 },
      { type: 'batchnorm', momentum: 0.9, epsilon: 1e-5 },
      { type: 'relu' },
      { type: 'pool', size: 2, stride: 2 },
      { type: 'conv', filters: 2, size: 2, stride: 1, pad: 0 },
      { type: 'tanh' },
      { type: 'affine', outputs: 7 },
      { type: 'batchnorm', momentum: 0.9, epsilon: 1e-5 },
      { type: 'sigmoid' },
      { type: 'dropout', rate: 0.3 },
    ], 0.05);
    expectGradients(network, () => ((network.parts[9] as Dropout).frozen = true));
  });
});
