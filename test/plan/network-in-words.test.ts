/** A run's network in one line, as `plan` prints it: every layer type in words, reshaping layers with what comes out. */
import { describe, expect, it } from 'vitest';
import type { Architecture } from '../../src/core/architecture.js';
import { networkSummary } from '../../src/plan/network-summary.js';

const MNIST = { channels: 1, height: 28, width: 28 };

describe("a network's summary", () => {
  it('names each layer and its settings, leaving out a stride and pad at their usual values', () => {
    const architecture: Architecture = {
      input: MNIST,
      layers: [
        { type: 'conv', filters: 2, size: 3, stride: 1, pad: 0 },
        { type: 'batchnorm', momentum: 0.9, epsilon: 1e-6 },
        { type: 'tanh' },
        { type: 'pool', size: 2, stride: 2 },
        { type: 'affine', outputs: 10 },
        { type: 'sigmoid' },
        { type: 'dropout', rate: 0.25 },
        { type: 'relu' },
        { type: 'affine', outputs: 10 },
      ],
    };
    expect(networkSummary(architecture)).toMatch(
      /^conv 2@3x3 -> 2x26x26, batchnorm, tanh, pool 2x2 -> 2x13x13, affine 10, sigmoid, dropout 0\.25, relu, affine 10; [\d,]+ parameters$/,
    );
  });

  it('says a stride and pad that differ from the usual, and counts the trainable parameters', () => {
    const architecture: Architecture = {
      input: MNIST,
      layers: [{ type: 'conv', filters: 4, size: 5, stride: 2, pad: 1 }, { type: 'pool', size: 3, stride: 1 }, { type: 'affine', outputs: 10 }],
    };
    // conv: (28 + 2 - 5) / 2 + 1 = 13; pool 3 stride 1: 11; affine: 4 x 11 x 11 x 10 + 10
    const parameters = 4 * 25 + 4 + 4 * 11 * 11 * 10 + 10;
    expect(networkSummary(architecture)).toBe(`conv 4@5x5 stride 2 pad 1 -> 4x13x13, pool 3x3 stride 1 -> 4x11x11, affine 10; ${parameters.toLocaleString('en-US')} parameters`);
  });
});
