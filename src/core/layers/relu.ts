import type { Floats, Input, Precision } from '../floats.js';
import type { Kernels } from '../kernels/kernels.js';
import { denseOf, type Layer } from './layer.js';

/** max(0, x); backward passes the gradient where the output is nonzero (the seed's mask x <= 0). */
export class Relu implements Layer {
  readonly tensors = [];
  private readonly out: Floats;
  private n = 0;

  constructor(private readonly kernels: Kernels, precision: Precision, private readonly size: number, capacity: number) {
    this.out = kernels.alloc(precision, capacity * size);
  }

  forward(input: Input): Floats {
    this.n = input.n;
    this.kernels.relu({ x: denseOf(input), out: this.out, length: input.n * this.size });
    return this.out;
  }

  /** Overwrites and returns dout, as the seed does. */
  backward(dout: Floats): Floats {
    this.kernels.reluBackward({ out: this.out, dout, length: this.n * this.size });
    return dout;
  }
}
