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
      return { update: (params) => params.forEach(({ param, grad }) => kernels.scaledSubtract(param, lr, grad, param.length)) };
    case 'momentum':
      return momentum(lr, settings.momentum, precision);
    case 'adagrad':
      return adagrad(lr, precision);
    case 'adam':
      return adam(lr, settings.beta1, settings.beta2, precision);
  }
}

/** State arrays shaped like the parameters, made on first use. */
function stateFor(precision: Precision): (params: readonly ParamGrad[]) => Floats[] {
  let state: Floats[] | null = null;
  return (params) => (state ??= params.map(({ param }) => allocFloats(precision, param.length)));
}

/** v = momentum * v - lr * grad; param += v */
function momentum(lr: number, coefficient: number, precision: Precision): Optimizer {
  const velocities = stateFor(precision);
  return {
    update(params) {
      velocities(params).forEach((v, k) => {
        const { param, grad } = params[k];
        for (let i = 0; i < param.length; i++) {
          v[i] = coefficient * v[i] - lr * grad[i];
          param[i] += v[i];
        }
      });
    },
  };
}

/** h += grad^2; param -= lr * grad / (sqrt(h) + 1e-7) */
function adagrad(lr: number, precision: Precision): Optimizer {
  const squares = stateFor(precision);
  return {
    update(params) {
      squares(params).forEach((h, k) => {
        const { param, grad } = params[k];
        for (let i = 0; i < param.length; i++) {
          h[i] += grad[i] * grad[i];
          param[i] -= (lr * grad[i]) / (Math.sqrt(h[i]) + 1e-7);
        }
      });
    },
  };
}

/** Adam (Kingma and Ba 2015) in the textbook's form, bias correction folded into the rate. */
function adam(lr: number, beta1: number, beta2: number, precision: Precision): Optimizer {
  const moments = stateFor(precision);
  const variances = stateFor(precision);
  let iteration = 0;
  return {
    update(params) {
      iteration++;
      const lrT = (lr * Math.sqrt(1 - beta2 ** iteration)) / (1 - beta1 ** iteration);
      const m = moments(params);
      const v = variances(params);
      params.forEach(({ param, grad }, k) => {
        const mk = m[k];
        const vk = v[k];
        for (let i = 0; i < param.length; i++) {
          mk[i] += (1 - beta1) * (grad[i] - mk[i]);
          vk[i] += (1 - beta2) * (grad[i] * grad[i] - vk[i]);
          param[i] -= (lrT * mk[i]) / (Math.sqrt(vk[i]) + 1e-7);
        }
      });
    },
  };
}
