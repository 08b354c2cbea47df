import type { Floats, Precision } from '../floats.js';
import type { Kernels } from '../kernels/kernels.js';

/** max(0, x); backward passes the gradient where the output is nonzero (the seed's mask x <= 0). */
export class Relu {
  private readonly out: Floats;
  private n = 0;

  constructor(private readonly kernels: Kernels, precision: Precision, private readonly size: number, capacity: number) {
    this.out = kernels.alloc(precision, capacity * size);
  }

  forward(x: Floats, n: number): Floats {
    this.n = n;
    this.kernels.relu({ x, out: this.out, length: n * this.size });
    return this.out;
  }

  /** Overwrites and returns dout, as the seed does. */
  backward(dout: Floats): Floats {
    this.kernels.reluBackward({ out: this.out, dout, length: this.n * this.size });
    return dout;
  }
}
