import type { Shape } from '../architecture.js';
import type { Floats, Input } from '../floats.js';
import type { Kernels, Window } from '../kernels/kernels.js';
import { denseOf, type Layer, type Mode } from './layer.js';

/**
 * Max pooling over size x size windows (no padding), the kernels' maxPool: the forward
 * pass remembers where each maximum was (the first, in row-major order, on ties, as the
 * book's np.argmax); the backward pass sends each output's gradient there, summing where
 * windows overlap.
 */
export class Pool implements Layer {
  readonly tensors = [];
  private readonly out: Floats;
  private readonly dx: Floats;
  /** Index within the input batch of each output's maximum. */
  private readonly argmax: Int32Array;
  private readonly window: Window;
  private readonly inSize: number;
  private readonly outSize: number;
  private n = 0;

  constructor(private readonly kernels: Kernels, alloc: (length: number) => Floats, input: Shape, output: Shape, size: number, stride: number, capacity: number) {
    this.window = { ...input, size, stride, pad: 0, outHeight: output.height, outWidth: output.width };
    this.inSize = input.channels * input.height * input.width;
    this.outSize = output.channels * output.height * output.width;
    this.out = alloc(capacity * this.outSize);
    this.argmax = kernels.allocIndices(capacity * this.outSize);
    this.dx = alloc(capacity * this.inSize);
  }

  forward(input: Input, _mode: Mode, kernels = this.kernels): Floats {
    this.n = input.n;
    kernels.maxPool({ x: denseOf(input), n: input.n, window: this.window, out: this.out, argmax: this.argmax });
    return this.out;
  }

  backward(dout: Floats): Floats {
    this.kernels.maxPoolBackward({ dout, argmax: this.argmax, outputs: this.n * this.outSize, dx: this.dx, inputs: this.n * this.inSize });
    return this.dx;
  }
}
