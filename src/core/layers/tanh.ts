import type { Floats, Input } from '../floats.js';
import { denseOf, type Layer } from './layer.js';

/** tanh(x); backward: dout * (1 - y^2). */
export class Tanh implements Layer {
  readonly tensors = [];
  private readonly out: Floats;
  private n = 0;

  /** `alloc` gives arrays the kernels can read (the next layer's input). */
  constructor(alloc: (length: number) => Floats, private readonly size: number, capacity: number) {
    this.out = alloc(capacity * size);
  }

  forward(input: Input): Floats {
    const x = denseOf(input);
    this.n = input.n;
    const { out } = this;
    for (let i = 0, len = input.n * this.size; i < len; i++) out[i] = Math.tanh(x[i]);
    return out;
  }

  /** Overwrites and returns dout. */
  backward(dout: Floats): Floats {
    const { out } = this;
    for (let i = 0, len = this.n * this.size; i < len; i++) dout[i] = dout[i] * (1 - out[i] * out[i]);
    return dout;
  }
}
