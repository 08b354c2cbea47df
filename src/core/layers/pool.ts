import type { Shape } from '../architecture.js';
import type { Floats, Input } from '../floats.js';
import { denseOf, type Layer } from './layer.js';

/**
 * Max pooling over size x size windows (no padding). The forward pass remembers where
 * each maximum was (the first, in row-major order, on ties, as the book's np.argmax);
 * the backward pass sends each output's gradient there, summing where windows overlap.
 */
export class Pool implements Layer {
  readonly tensors = [];
  private readonly out: Floats;
  private readonly dx: Floats;
  /** Index within the input batch of each output's maximum. */
  private readonly argmax: Int32Array;
  private readonly inSize: number;
  private readonly outHeight: number;
  private readonly outWidth: number;
  private n = 0;

  constructor(
    alloc: (length: number) => Floats,
    private readonly input: Shape,
    output: Shape,
    private readonly size: number,
    private readonly stride: number,
    capacity: number,
  ) {
    this.inSize = input.channels * input.height * input.width;
    this.outHeight = output.height;
    this.outWidth = output.width;
    const outSize = capacity * output.channels * output.height * output.width;
    this.out = alloc(outSize);
    this.argmax = new Int32Array(outSize);
    this.dx = alloc(capacity * this.inSize);
  }

  forward(input: Input): Floats {
    const x = denseOf(input);
    const { size, stride, out, argmax, outHeight, outWidth } = this;
    const { channels, height, width } = this.input;
    this.n = input.n;
    let o = 0;
    for (let plane = 0, planes = input.n * channels; plane < planes; plane++) {
      const base = plane * height * width;
      for (let oy = 0; oy < outHeight; oy++) {
        for (let ox = 0; ox < outWidth; ox++, o++) {
          let best = base + oy * stride * width + ox * stride;
          for (let ky = 0; ky < size; ky++) {
            const row = base + (oy * stride + ky) * width + ox * stride;
            for (let kx = 0; kx < size; kx++) if (x[row + kx] > x[best]) best = row + kx;
          }
          argmax[o] = best;
          out[o] = x[best];
        }
      }
    }
    return out;
  }

  backward(dout: Floats): Floats {
    const { dx, argmax } = this;
    dx.fill(0, 0, this.n * this.inSize);
    const outputs = this.n * this.input.channels * this.outHeight * this.outWidth;
    for (let o = 0; o < outputs; o++) dx[argmax[o]] += dout[o];
    return dx;
  }
}
