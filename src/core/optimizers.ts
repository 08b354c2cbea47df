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
  /** What the next updates depend on besides the parameters (copies), for a checkpoint. */
  state(): OptimizerState;
  /** Continues from a `state()` of the same optimizer on parameters of the same shapes. */
  restore(state: OptimizerState): void;
}

/** Adam's step count, and each kind of per-parameter array (velocities; squares; moments and variances). */
export interface OptimizerState {
  step: number;
  slots: Floats[][];
}

export function createOptimizer(settings: OptimizerSettings, precision: Precision, kernels: Kernels): Optimizer {
  const lr = settings.learning_rate;
  switch (settings.optimizer) {
    case 'sgd':
      return {
        update: (params) => params.forEach(({ param, grad }) => kernels.scaledSubtract({ y: param, a: lr, x: grad, length: param.length })),
        state: () => ({ step: 0, slots: [] }),
        restore: () => {},
      };
    case 'momentum':
      return momentum(lr, settings.momentum, precision, kernels);
    case 'adagrad':
      return adagrad(lr, precision, kernels);
    case 'adam':
      return adam(lr, settings.beta1, settings.beta2, precision, kernels);
  }
}

/** Arrays shaped like the parameters, made on first use (or restored from a checkpoint). */
class Slots {
  private arrays: Floats[] | null = null;

  constructor(private readonly precision: Precision) {}

  for(params: readonly ParamGrad[]): Floats[] {
    return (this.arrays ??= params.map(({ param }) => allocFloats(this.precision, param.length)));
  }

  copy(): Floats[] {
    return (this.arrays ?? []).map((a) => a.slice());
  }

  restore(arrays: readonly Floats[]): void {
    this.arrays = arrays.length === 0 ? null : arrays.map((a) => a.slice());
  }
}

/** v = momentum * v - lr * grad; param += v (the kernels' momentumStep) */
function momentum(lr: number, coefficient: number, precision: Precision, kernels: Kernels): Optimizer {
  const velocities = new Slots(precision);
  return {
    update(params) {
      velocities.for(params).forEach((velocity, k) => kernels.momentumStep({ ...params[k], velocity, lr, momentum: coefficient }));
    },
    state: () => ({ step: 0, slots: [velocities.copy()] }),
    restore: (state) => velocities.restore(state.slots[0]),
  };
}

/** h += grad^2; param -= lr * grad / (sqrt(h) + 1e-7) (the kernels' adaGradStep) */
function adagrad(lr: number, precision: Precision, kernels: Kernels): Optimizer {
  const squares = new Slots(precision);
  return {
    update(params) {
      squares.for(params).forEach((h, k) => kernels.adaGradStep({ ...params[k], squares: h, lr }));
    },
    state: () => ({ step: 0, slots: [squares.copy()] }),
    restore: (state) => squares.restore(state.slots[0]),
  };
}

/** Adam (Kingma and Ba 2015) in the textbook's form, bias correction folded into the rate (the kernels' adamStep). */
function adam(lr: number, beta1: number, beta2: number, precision: Precision, kernels: Kernels): Optimizer {
  const moments = new Slots(precision);
  const variances = new Slots(precision);
  let iteration = 0;
  return {
    update(params) {
      iteration++;
      const lrT = (lr * Math.sqrt(1 - beta2 ** iteration)) / (1 - beta1 ** iteration);
      const m = moments.for(params);
      const v = variances.for(params);
      params.forEach(({ param, grad }, k) => kernels.adamStep({ param, grad, moment: m[k], variance: v[k], lr: lrT, beta1, beta2 }));
    },
    state: () => ({ step: iteration, slots: [moments.copy(), variances.copy()] }),
    restore(state) {
      iteration = state.step;
      moments.restore(state.slots[0]);
      variances.restore(state.slots[1]);
    },
  };
}
