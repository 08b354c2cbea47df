import type { Floats, Input } from '../floats.js';
import type { Random } from '../random/index.js';
import { denseOf, type Layer, type Mode } from './layer.js';

/**
 * Inverted dropout: while training each unit is kept with probability 1 - rate (one
 * uniform draw per unit, in storage order, from the run's generator) and scaled by
 * 1 / (1 - rate), so evaluation is the identity and needs no rescaling. The book (ch. 6)
 * scales at evaluation instead; the expected outputs are the same. A rate of 0 draws nothing.
 */
export class Dropout implements Layer {
  readonly tensors = [];
  readonly mask: Uint8Array;
  /** When set, training reuses the last mask instead of drawing one (for gradient checks). */
  frozen = false;
  private readonly out: Floats;
  private readonly scale: number;
  private n = 0;

  constructor(
    alloc: (length: number) => Floats,
    private readonly size: number,
    capacity: number,
    private readonly rate: number,
    private readonly random: () => Random,
  ) {
    this.out = alloc(capacity * size);
    this.mask = new Uint8Array(capacity * size);
    this.scale = 1 / (1 - rate);
  }

  forward(input: Input, mode: Mode): Floats {
    const x = denseOf(input);
    if (mode === 'evaluate' || this.rate === 0) return x;
    const { out, mask, scale } = this;
    const length = input.n * this.size;
    this.n = input.n;
    if (!this.frozen) {
      const random = this.random();
      for (let i = 0; i < length; i++) mask[i] = random.uniform() >= this.rate ? 1 : 0;
    }
    for (let i = 0; i < length; i++) out[i] = mask[i] ? x[i] * scale : 0;
    return out;
  }

  /** Overwrites and returns dout. */
  backward(dout: Floats): Floats {
    if (this.rate === 0) return dout;
    const { mask, scale } = this;
    for (let i = 0, len = this.n * this.size; i < len; i++) dout[i] = mask[i] ? dout[i] * scale : 0;
    return dout;
  }
}
