/**
 * The optimizers of "Deep Learning from Scratch" (Saito, 2016), the seed's textbook:
 * SGD, Momentum, AdaGrad and Adam, updating parameters in place from their gradients.
 */
import type { Floats, Precision } from './floats.js';
import { allocFloats } from './floats.js';
import type { Kernels } from './kernels/kernels.js';

export type OptimizerName = 'sgd' | 'momentum' | 'adagrad' | 'adam';

export interface OptimizerSettings {
  optimizer: OptimizerName;
  learning_rate: number;
  /** Momentum's coefficient. */
  momentum: number;
  /** Adam's decay rates. */
  beta1: number;
  beta2: number;
}

/** A parameter and its gradient, as the network holds them. */
export interface ParamGrad {
  param: Floats;
  grad: Floats;
}

export interface Optimizer {
  update(params: readonly ParamGrad[]): void;
}

export function createOptimizer(settings: OptimizerSettings, precision: Precision, kernels: Kernels): Optimizer {
  const lr = settings.learning_rate;
  switch (settings.optimizer) {
    case 'sgd':
      return { update: (params) => params.forEach(({ param, grad }) => kernels.scaledSubtract({ y: param, a: lr, x: grad, length: param.length })) };
    case 'momentum':
      return momentum(lr, settings.momentum, precision, kernels);
    case 'adagrad':
      return adagrad(lr, precision, kernels);
    case 'adam':
      return adam(lr, settings.beta1, settings.beta2, precision, kernels);
  }
}

/** State arrays shaped like the parameters, made on first use. */
function stateFor(precision: Precision): (params: readonly ParamGrad[]) => Floats[] {
  let state: Floats[] | null = null;
  return (params) => (state ??= params.map(({ param }) => allocFloats(precision, param.length)));
}

/** v = momentum * v - lr * grad; param += v (the kernels' momentumStep) */
function momentum(lr: number, coefficient: number, precision: Precision, kernels: Kernels): Optimizer {
  const velocities = stateFor(precision);
  return {
    update(params) {
      velocities(params).forEach((velocity, k) => kernels.momentumStep({ ...params[k], velocity, lr, momentum: coefficient }));
    },
  };
}

/** h += grad^2; param -= lr * grad / (sqrt(h) + 1e-7) (the kernels' adaGradStep) */
function adagrad(lr: number, precision: Precision, kernels: Kernels): Optimizer {
  const squares = stateFor(precision);
  return {
    update(params) {
      squares(params).forEach((h, k) => kernels.adaGradStep({ ...params[k], squares: h, lr }));
    },
  };
}

/** Adam (Kingma and Ba 2015) in the textbook's form, bias correction folded into the rate (the kernels' adamStep). */
function adam(lr: number, beta1: number, beta2: number, precision: Precision, kernels: Kernels): Optimizer {
  const moments = stateFor(precision);
  const variances = stateFor(precision);
  let iteration = 0;
  return {
    update(params) {
      iteration++;
      const lrT = (lr * Math.sqrt(1 - beta2 ** iteration)) / (1 - beta1 ** iteration);
      const m = moments(params);
      const v = variances(params);
      params.forEach(({ param, grad }, k) => kernels.adamStep({ param, grad, moment: m[k], variance: v[k], lr: lrT, beta1, beta2 }));
    },
  };
}
