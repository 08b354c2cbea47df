/** A run's size before it is built: its parameters and memory, worked out by hand, and the budgets they meet. */
import { describe, expect, it } from 'vitest';
import type { Architecture } from '../../src/core/architecture.js';
import { checkBudget, MIB, memoryEstimate, parameterCount } from '../../src/spec/budget.js';
import { specMessages } from '../../src/spec/messages.js';
import type { ProblemAt } from '../../src/spec/semantic.js';
import type { LimitsSpec, ModelSpec, TrainingSpec } from '../../src/spec/types.js';

const MNIST = { channels: 1, height: 28, width: 28 };
/** 784 -> 50 -> relu -> 10: 784 x 50 + 50 + 50 x 10 + 10 = 39,760 parameters. */
const TWO_LAYER: Architecture = { input: MNIST, layers: [{ type: 'affine', outputs: 50 }, { type: 'relu' }, { type: 'affine', outputs: 10 }] };
/** Per image: the first affine keeps 784 in, 50 out and 50 gradients; relu 50 + 50; the last 50 in, 10 + 10. */
const TWO_LAYER_PER_IMAGE = 784 + 2 * 50 + 2 * 50 + 50 + 2 * 10;

const training = (over: Partial<TrainingSpec> = {}) => ({ precision: 'float32', batch_size: 100, optimizer: 'sgd', ...over }) as TrainingSpec;
const hidden: ModelSpec = { hidden: [50], activation: 'relu', init: { std: 0.01 } } as ModelSpec;
const at: ProblemAt = (path, target, message) => ({ file: path.join('.'), line: 0, col: 0, message, source: target, caret: '' });
const budget = (arch: Architecture, train: TrainingSpec, limits: LimitsSpec, model: ModelSpec = hidden) =>
  checkBudget(model, arch, train, limits, at).map((p) => `${p.file}: ${p.message}`);

describe("a network's parameters", () => {
  it('count weights and biases as trainable', () => {
    expect(parameterCount(TWO_LAYER)).toEqual({ trainable: 39_760, other: 0 });
  });

  it("count batchnorm's scale and shift as trainable, and its running averages as the others", () => {
    const arch: Architecture = { input: MNIST, layers: [{ type: 'affine', outputs: 50 }, { type: 'batchnorm', momentum: 0.9, epsilon: 1e-6 }, { type: 'relu' }, { type: 'affine', outputs: 10 }] };
    expect(parameterCount(arch)).toEqual({ trainable: 39_760 + 2 * 50, other: 2 * 50 });
  });
});

describe("a run's memory estimate", () => {
  it('keeps four copies of each parameter, and the activations of at least the 500 rows evaluation takes', () => {
    expect(memoryEstimate(TWO_LAYER, training())).toEqual({ parameters: 4 * 4 * 39_760, activations: 4 * 500 * TWO_LAYER_PER_IMAGE });
  });

  it("adds the optimizer's state per parameter, and takes eight bytes a number in float64 and the batch when it is larger", () => {
    expect(memoryEstimate(TWO_LAYER, training({ precision: 'float64', batch_size: 1000, optimizer: 'adam' }))).toEqual({
      parameters: 8 * (4 + 2) * 39_760,
      activations: 8 * 1000 * TWO_LAYER_PER_IMAGE,
    });
    expect(memoryEstimate(TWO_LAYER, training({ optimizer: 'momentum' })).parameters).toBe(4 * 5 * 39_760);
  });

  it('counts a convolution\'s input as kept, as an affine layer\'s, and a pooling layer\'s output only', () => {
    const arch: Architecture = { input: MNIST, layers: [{ type: 'conv', filters: 2, size: 3, stride: 1, pad: 0 }, { type: 'pool', size: 2, stride: 2 }, { type: 'affine', outputs: 10 }] };
    // conv: 784 in, 2x26x26 = 1352 out; pool: 2x13x13 = 338 out; affine: 338 in, 10 out
    const perImage = 784 + 2 * 1352 + 2 * 338 + 338 + 2 * 10;
    const params = 2 * 9 + 2 + 338 * 10 + 10;
    expect(memoryEstimate(arch, training())).toEqual({ parameters: 4 * 4 * params, activations: 4 * 500 * perImage });
  });
});

describe("a run's budget", () => {
  const limits = (max_parameters: number, max_memory_mb: number) => ({ max_parameters, max_memory_mb }) as LimitsSpec;

  it('allows exactly the parameters it allows, and refuses one more at the model', () => {
    expect(budget(TWO_LAYER, training(), limits(39_760, 1000))).toEqual([]);
    expect(budget(TWO_LAYER, training(), limits(39_759, 1000))).toEqual([
      `model.hidden: ${specMessages.tooManyParameters('model.hidden', 39_760, 4 * 39_760, 'float32', 39_759)}`,
    ]);
    expect(budget(TWO_LAYER, training({ precision: 'float64' }), limits(39_759, 1000), { layers: [] } as unknown as ModelSpec)).toEqual([
      `model.layers: ${specMessages.tooManyParameters('model.layers', 39_760, 8 * 39_760, 'float64', 39_759)}`,
    ]);
  });

  it('allows exactly the memory it allows, and refuses more at the batch size when activations are most of it', () => {
    const { parameters, activations } = memoryEstimate(TWO_LAYER, training());
    const total = parameters + activations;
    expect(activations).toBeGreaterThan(parameters);
    expect(budget(TWO_LAYER, training(), limits(1e9, total / MIB))).toEqual([]);
    expect(budget(TWO_LAYER, training(), limits(1e9, (total - 1) / MIB))).toEqual([
      `training.batch_size: ${specMessages.tooMuchMemory('training.batch_size', total, (total - 1) / MIB)}`,
    ]);
  });

  it('refuses too much memory at the model when the parameters are most of it', () => {
    const wide: Architecture = { input: MNIST, layers: [{ type: 'affine', outputs: 2000 }, { type: 'affine', outputs: 10 }] };
    const { parameters, activations } = memoryEstimate(wide, training());
    expect(parameters).toBeGreaterThan(activations);
    expect(budget(wide, training(), limits(1e9, 1))).toEqual([`model.hidden: ${specMessages.tooMuchMemory('model.hidden', parameters + activations, 1)}`]);
  });
});
