/**
 * An optimizer's state (its step and slots) is what a checkpoint keeps: restored into a new
 * optimizer, it must go on exactly as the one that was never stopped, and the state handed out
 * must be a copy, not the live slots.
 */
import { describe, expect, it } from 'vitest';
import { referenceKernels } from '../../src/core/kernels/reference.js';
import { createOptimizer, type OptimizerName } from '../../src/core/optimizers.js';

const OPTIMIZERS: OptimizerName[] = ['sgd', 'momentum', 'adagrad', 'adam'];

const settings = (optimizer: OptimizerName) => ({ optimizer, learning_rate: 0.05, momentum: 0.9, beta1: 0.9, beta2: 0.999 });

/** Two parameters of f(x) = sum x^2 / 2 (grad = x), stepped `steps` times. */
function stepped(optimizer: ReturnType<typeof createOptimizer>, params: Float64Array[], steps: number): void {
  const grads = params.map((p) => new Float64Array(p.length));
  for (let i = 0; i < steps; i++) {
    params.forEach((p, k) => grads[k].set(p));
    optimizer.update(params.map((param, k) => ({ param, grad: grads[k] })));
  }
}

const start = (): Float64Array[] => [new Float64Array([1, -2, 0.5]), new Float64Array([3])];

describe.each(OPTIMIZERS)('the %s optimizer, stopped and restored', (name) => {
  it('goes on exactly as one never stopped', () => {
    const straight = start();
    stepped(createOptimizer(settings(name), 'float64', referenceKernels), straight, 7);

    const first = createOptimizer(settings(name), 'float64', referenceKernels);
    const resumed = start();
    stepped(first, resumed, 3);
    const state = first.state();
    const second = createOptimizer(settings(name), 'float64', referenceKernels);
    second.restore(state);
    stepped(second, resumed, 4);
    expect(resumed).toEqual(straight);
  });

  it('hands out its state as a copy: stepping on does not change a state already taken', () => {
    const optimizer = createOptimizer(settings(name), 'float64', referenceKernels);
    const params = start();
    stepped(optimizer, params, 2);
    const taken = optimizer.state();
    const before = structuredClone(taken);
    stepped(optimizer, params, 2);
    expect(taken).toEqual(before);
  });
});

describe('a state with slots', () => {
  it('is kept by every optimizer that has them (all but SGD), with Adam counting its steps', () => {
    const slotsAfter = (name: OptimizerName) => {
      const optimizer = createOptimizer(settings(name), 'float64', referenceKernels);
      stepped(optimizer, start(), 2);
      return optimizer.state();
    };
    expect(slotsAfter('sgd')).toEqual({ step: 0, slots: [] });
    expect(slotsAfter('momentum').slots).toHaveLength(1);
    expect(slotsAfter('adagrad').slots).toHaveLength(1);
    expect(slotsAfter('adam')).toMatchObject({ step: 2 });
    expect(slotsAfter('adam').slots.map((slot) => slot.length)).toEqual([2, 2]);
    expect(slotsAfter('momentum').slots[0].some((a) => a.some((x) => x !== 0))).toBe(true);
  });

  it('restored empty (a checkpoint taken before the first step) starts from zero slots', () => {
    const fresh = start();
    stepped(createOptimizer(settings('adam'), 'float64', referenceKernels), fresh, 3);
    const optimizer = createOptimizer(settings('adam'), 'float64', referenceKernels);
    optimizer.restore({ step: 0, slots: [[], []] });
    const params = start();
    stepped(optimizer, params, 3);
    expect(params).toEqual(fresh);
  });
});
