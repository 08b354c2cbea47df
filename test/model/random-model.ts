/** Saved models with made-up weights for any architecture, and a small architecture using every layer type. */
import { spawnSync } from 'node:child_process';
import type { Architecture } from '../../src/core/architecture.js';
import { architectureTensors } from '../../src/core/layers/registry.js';
import type { SavedModel } from '../../src/model/saved-model.js';

/** 1x28x28 -> every layer type: conv (stride 1 and 2, pad 0 and 1), tanh, pool, batchnorm after a conv and after a dense layer, relu, dropout, sigmoid. */
export const EVERY_LAYER: Architecture = {
  input: { channels: 1, height: 28, width: 28 },
  layers: [
    { type: 'conv', filters: 4, size: 5, stride: 1, pad: 0 },
    { type: 'tanh' },
    { type: 'pool', size: 2, stride: 2 },
    { type: 'batchnorm', momentum: 0.9, epsilon: 0.01 },
    { type: 'conv', filters: 3, size: 3, stride: 2, pad: 1 },
    { type: 'relu' },
    { type: 'dropout', rate: 0.3 },
    { type: 'affine', outputs: 16 },
    { type: 'batchnorm', momentum: 0.9, epsilon: 0.1 },
    { type: 'sigmoid' },
    { type: 'affine', outputs: 10 },
  ],
};

/** Deterministic weights in [-scale, scale) (running variances in [0.5, 1.5)), from a small LCG (Numerical Recipes' constants). */
export function randomModel(architecture: Architecture, precision: 'float32' | 'float64' = 'float32', seed = 1, hash = 'random'): SavedModel {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const tensors = architectureTensors(architecture).map(({ name, shape }) => {
    const length = shape.reduce((a, b) => a * b, 1);
    // inputs of a dense W (inputs x outputs), channels x size x size of a conv W (filters first)
    const fanIn = shape.length === 2 ? shape[0] : length / shape[0];
    const scale = name.endsWith('.W') ? 4 / Math.sqrt(fanIn) : 0.5;
    const value = () => (name.endsWith('running_var') ? 0.5 + next() : name.endsWith('gamma') ? 0.5 + next() : (next() * 2 - 1) * scale);
    const data = precision === 'float32' ? Float32Array.from({ length }, value) : Float64Array.from({ length }, value);
    return { name, shape, data };
  });
  return { architecture, precision, tensors, hash };
}

/** Debian's python3 (PARTS.md), and whether it imports `module`. */
export const PYTHON = '/usr/bin/python3';
export function pythonHas(module: string): boolean {
  return spawnSync(PYTHON, ['-c', `import ${module}`], { encoding: 'utf8' }).status === 0;
}
