import type { Shape } from '../architecture.js';
import type { Floats, Input, Precision } from '../floats.js';
import { denseOf, type Layer, type LayerTensor, type Mode } from './layer.js';

/**
 * Batch normalization (Ioffe and Szegedy 2015), as "Deep Learning from Scratch" ch. 6 does it:
 * training normalises by the batch's mean and (biased) variance and moves the running
 * averages towards them (running = momentum * running + (1 - momentum) * batch); evaluation
 * normalises by the running averages. One gamma and beta per channel: after a convolution
 * the statistics are over the batch and every position, after a dense layer per feature.
 * Sums are taken in float64 in storage order and stored once in the network's precision.
 * gamma starts at 1, beta and the running mean at 0, the running variance at 1.
 */
export class BatchNorm implements Layer {
  readonly gamma: Floats;
  readonly beta: Floats;
  readonly runningMean: Floats;
  readonly runningVar: Floats;
  readonly dgamma: Floats;
  readonly dbeta: Floats;
  readonly tensors: readonly LayerTensor[];
  private readonly out: Floats;
  private readonly dx: Floats;
  /** The normalised input of the last training pass. */
  private readonly xn: Float64Array;
  /** 1 / sqrt(var + epsilon) of each channel, in the last training pass. */
  private readonly inverseStd: Float64Array;
  private readonly channels: number;
  private readonly spatial: number;
  private n = 0;

  constructor(
    alloc: (length: number) => Floats,
    shape: Shape,
    capacity: number,
    private readonly momentum: number,
    private readonly epsilon: number,
  ) {
    this.channels = shape.channels;
    this.spatial = shape.height * shape.width;
    const c = this.channels;
    [this.gamma, this.beta, this.runningMean, this.runningVar, this.dgamma, this.dbeta] = [0, 0, 0, 0, 0, 0].map(() => alloc(c));
    const size = capacity * c * this.spatial;
    this.out = alloc(size);
    this.dx = alloc(size);
    this.xn = new Float64Array(size);
    this.inverseStd = new Float64Array(c);
    this.tensors = [
      { name: 'gamma', data: this.gamma, grad: this.dgamma },
      { name: 'beta', data: this.beta, grad: this.dbeta },
      { name: 'running_mean', data: this.runningMean, grad: null },
      { name: 'running_var', data: this.runningVar, grad: null },
    ];
    this.initialize();
  }

  initialize(): void {
    this.gamma.fill(1);
    this.beta.fill(0);
    this.runningMean.fill(0);
    this.runningVar.fill(1);
  }

  forward(input: Input, mode: Mode): Floats {
    const x = denseOf(input);
    const { channels, spatial, out, xn, gamma, beta } = this;
    const n = (this.n = input.n);
    const count = n * spatial;
    for (let c = 0; c < channels; c++) {
      let mean: number;
      let variance: number;
      if (mode === 'train') {
        let sum = 0;
        each(n, channels, spatial, c, (i) => (sum += x[i]));
        mean = sum / count;
        let squares = 0;
        each(n, channels, spatial, c, (i) => (squares += (x[i] - mean) ** 2));
        variance = squares / count;
        this.runningMean[c] = this.momentum * this.runningMean[c] + (1 - this.momentum) * mean;
        this.runningVar[c] = this.momentum * this.runningVar[c] + (1 - this.momentum) * variance;
      } else {
        mean = this.runningMean[c];
        variance = this.runningVar[c];
      }
      const inverse = 1 / Math.sqrt(variance + this.epsilon);
      this.inverseStd[c] = inverse;
      const g = gamma[c];
      const b = beta[c];
      each(n, channels, spatial, c, (i) => {
        const v = (x[i] - mean) * inverse;
        xn[i] = v;
        out[i] = g * v + b;
      });
    }
    return out;
  }

  /** dx = gamma / std * (dout - mean(dout) - xn * mean(dout * xn)), per channel. */
  backward(dout: Floats): Floats {
    const { channels, spatial, xn, dx, n } = this;
    const count = n * spatial;
    for (let c = 0; c < channels; c++) {
      let sum = 0;
      let dot = 0;
      each(n, channels, spatial, c, (i) => {
        sum += dout[i];
        dot += dout[i] * xn[i];
      });
      this.dbeta[c] = sum;
      this.dgamma[c] = dot;
      const scale = this.gamma[c] * this.inverseStd[c];
      const meanD = sum / count;
      const meanDot = dot / count;
      each(n, channels, spatial, c, (i) => (dx[i] = scale * (dout[i] - meanD - xn[i] * meanDot)));
    }
    return dx;
  }
}

/** Calls f with the index of every value of channel c, image by image. */
function each(n: number, channels: number, spatial: number, c: number, f: (i: number) => void): void {
  for (let r = 0; r < n; r++) {
    const base = (r * channels + c) * spatial;
    for (let p = 0; p < spatial; p++) f(base + p);
  }
}
