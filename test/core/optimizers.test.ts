import { describe, expect, it } from 'vitest';
import { referenceKernels } from '../../src/core/kernels/reference.js';
import { createOptimizer, type OptimizerName } from '../../src/core/optimizers.js';

const settings = (optimizer: OptimizerName, learning_rate: number) => ({ optimizer, learning_rate, momentum: 0.9, beta1: 0.9, beta2: 0.999 });

/** One parameter and its gradient for f(x) = x^2 / 2, i.e. grad = x. */
function descend(optimizer: OptimizerName, lr: number, steps: number): number[] {
  const param = new Float64Array([1]);
  const grad = new Float64Array(1);
  const opt = createOptimizer(settings(optimizer, lr), 'float64', referenceKernels);
  const path: number[] = [];
  for (let i = 0; i < steps; i++) {
    grad[0] = param[0];
    opt.update([{ param, grad }]);
    path.push(param[0]);
  }
  return path;
}

describe('the optimizers', () => {
  it('SGD steps by -lr * grad', () => {
    expect(descend('sgd', 0.1, 2)).toEqual([0.9, 0.81]);
  });

  it('Momentum keeps a velocity: v = 0.9 v - lr grad', () => {
    const [a, b] = descend('momentum', 0.1, 2);
    expect(a).toBeCloseTo(0.9, 15);
    expect(b).toBeCloseTo(0.9 + (0.9 * -0.1 - 0.1 * 0.9), 15);
  });

  it('AdaGrad divides by the root of the summed squared gradients', () => {
    const [a, b] = descend('adagrad', 0.1, 2);
    expect(a).toBeCloseTo(1 - 0.1 / (1 + 1e-7), 12);
    expect(b).toBeCloseTo(a - (0.1 * a) / (Math.sqrt(1 + a * a) + 1e-7), 12);
  });

  it("Adam's first step is about lr, whatever the gradient's scale", () => {
    const [a] = descend('adam', 0.01, 1);
    expect(a).toBeCloseTo(0.99, 6);
  });

  it('Adam follows the textbook update for five steps, bias correction and moments included', () => {
    // Saito's common/optimizer.py Adam (the same form: lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t)),
    // run in Python on f(x) = x^2 / 2 from x = 1 at lr 0.01
    const python = [0.9900000316226766, 0.9800027999816884, 0.9700101717294816, 0.9600240280294446, 0.9500462629041405];
    descend('adam', 0.01, 5).forEach((x, k) => expect(Math.abs(x - python[k]), `step ${k + 1}`).toBeLessThan(1e-15));
  });

  for (const name of ['sgd', 'momentum', 'adagrad', 'adam'] as OptimizerName[]) {
    it(`${name} brings x^2 / 2 near its minimum`, () => {
      const path = descend(name, 0.1, 300);
      expect(Math.abs(path[path.length - 1])).toBeLessThan(0.05);
    });
  }
});
