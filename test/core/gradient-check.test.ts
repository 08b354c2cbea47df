import { describe, expect, it } from 'vitest';
import { Mlp, type Activation } from '../../src/core/network.js';
import { gradientCheck, numericalGradient } from './numerical-gradient.js';
import { createRandom } from '../../src/core/random/index.js';

describe('the numerical gradient', () => {
  it('differentiates x^2 + 3y by central differences, as the seed describes', () => {
    const x = new Float64Array([3, 4]);
    const grad = numericalGradient(() => x[0] ** 2 + 3 * x[1], x);
    expect(grad[0]).toBeCloseTo(6, 8);
    expect(grad[1]).toBeCloseTo(3, 8);
    expect(Array.from(x)).toEqual([3, 4]);
  });

  it('has error O(h^4) with the five-point stencil, far below the seed\'s two points', () => {
    const x = new Float64Array([0.7]);
    const exact = Math.cos(0.7);
    const two = numericalGradient(() => Math.sin(x[0]), x, 1e-2)[0];
    const four = numericalGradient(() => Math.sin(x[0]), x, 1e-2, 4)[0];
    expect(Math.abs(two - exact)).toBeGreaterThan(1e-6);
    expect(Math.abs(four - exact)).toBeLessThan(1e-9);
  });
});

describe('backpropagation', () => {
  for (const activation of ['relu', 'sigmoid'] as Activation[]) {
    it(`agrees with central differences to 1e-7 on every parameter of a small ${activation} network (float64)`, () => {
      const random = createRandom('default', 3);
      const network = new Mlp({ inputs: 6, hidden: [5, 4], outputs: 3, activation, precision: 'float64', capacity: 4 });
      network.initialize({ std: 1 }, random);
      for (const layer of network.layers) layer.b.forEach((_, i) => (layer.b[i] = 0.1 * random.normal()));
      const x = Float64Array.from({ length: 4 * 6 }, () => random.normal());
      const check = gradientCheck(network, { kind: 'dense', x, n: 4 }, [0, 2, 1, 2]);
      expect(check.worst, `worst at ${check.where.param}[${check.where.index}]`).toBeLessThan(1e-7);
    });
  }
});
