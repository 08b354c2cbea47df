import type { Floats } from '../floats.js';

/** max(0, x); backward passes the gradient where the input was positive (the seed's mask). */
export class Relu {
  private readonly out: Floats;
  private n = 0;

  /** `alloc` gives arrays the kernels can read (the next layer's input). */
  constructor(alloc: (length: number) => Floats, private readonly size: number, capacity: number) {
    this.out = alloc(capacity * size);
  }

  forward(x: Floats, n: number): Floats {
    this.n = n;
    const { out } = this;
    for (let i = 0, len = n * this.size; i < len; i++) out[i] = x[i] > 0 ? x[i] : 0;
    return out;
  }

  /** Overwrites and returns dout, as the seed does. */
  backward(dout: Floats): Floats {
    const { out } = this;
    for (let i = 0, len = this.n * this.size; i < len; i++) if (out[i] === 0) dout[i] = 0;
    return dout;
  }
}
