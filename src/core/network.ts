/**
 * A multilayer perceptron: Affine -> activation -> ... -> Affine -> SoftmaxWithLoss.
 * The seed's TwoLayerNet is `hidden: [50]` with ReLU. Buffers are allocated once, for
 * up to `capacity` rows, so training allocates nothing per iteration.
 */
import type { Floats, Input, Precision } from './floats.js';
import { argmax, softmaxRows } from './functions.js';
import { fillNormal, initStd, type Init, type NormalSource } from './init.js';
import type { Kernels } from './kernels/kernels.js';
import { numpyKernels } from './kernels/blas64.js';
import { referenceKernels } from './kernels/reference.js';
import { Affine } from './layers/affine.js';
import { Relu } from './layers/relu.js';
import { Sigmoid } from './layers/sigmoid.js';
import { SoftmaxWithLoss } from './layers/softmax-with-loss.js';
import type { ParamGrad } from './optimizers.js';
import { pixelScale } from './pixels.js';

export type Activation = 'relu' | 'sigmoid';

export interface MlpOptions {
  inputs: number;
  hidden: readonly number[];
  outputs: number;
  activation: Activation;
  precision: Precision;
  /** Most rows a forward pass takes at once. */
  capacity: number;
  /** Defaults to the reference kernels; float64 sums as NumPy's BLAS does them. */
  kernels?: Kernels;
}

/** One dense layer's parameters; W is row-major inputs x outputs. */
export interface DenseParams {
  W: Floats;
  b: Floats;
  inputs: number;
  outputs: number;
}

export class Mlp {
  readonly affines: Affine[];
  private readonly activations: (Relu | Sigmoid)[];
  private readonly last: SoftmaxWithLoss;
  readonly kernels: Kernels;
  readonly activation: Activation;
  readonly precision: Precision;
  readonly capacity: number;
  readonly outputs: number;
  private readonly pixel: Floats;
  /** For the fused classification kernel. */
  private readonly scratch: Floats;
  private readonly predicted: Int32Array;

  constructor(options: MlpOptions) {
    const { inputs, hidden, outputs, activation, precision, capacity } = options;
    const kernels = options.kernels ?? (precision === 'float64' ? numpyKernels : referenceKernels);
    const sizes = [inputs, ...hidden, outputs];
    const pixel = pixelScale(precision, kernels);
    this.affines = sizes.slice(1).map((size, l) => new Affine(kernels, pixel, precision, sizes[l], size, capacity, l > 0));
    const alloc = (length: number): Floats => kernels.alloc(precision, length);
    this.activations = hidden.map((size) =>
      activation === 'relu' ? new Relu(kernels, precision, size, capacity) : new Sigmoid(alloc, size, capacity),
    );
    this.last = new SoftmaxWithLoss(alloc, outputs, capacity);
    this.kernels = kernels;
    this.activation = activation;
    this.precision = precision;
    this.capacity = capacity;
    this.outputs = outputs;
    this.pixel = pixel;
    this.scratch = kernels.alloc(precision, Math.max(...hidden, 0) + outputs + 12);
    this.predicted = kernels.allocIndices(capacity);
  }

  /** A network with the given parameters (copied), e.g. one loaded from disk. */
  static fromParams(o: { activation: Activation; precision: Precision; layers: DenseParams[]; capacity?: number; kernels?: Kernels }): Mlp {
    const first = o.layers[0];
    const net = new Mlp({
      inputs: first.inputs,
      hidden: o.layers.slice(0, -1).map((l) => l.outputs),
      outputs: o.layers[o.layers.length - 1].outputs,
      activation: o.activation,
      precision: o.precision,
      capacity: o.capacity ?? 256,
      kernels: o.kernels,
    });
    net.layers.forEach((layer, l) => {
      layer.W.set(o.layers[l].W);
      layer.b.set(o.layers[l].b);
    });
    return net;
  }

  get layers(): DenseParams[] {
    return this.affines.map(({ W, b, inputs, outputs }) => ({ W, b, inputs, outputs }));
  }

  /** Draws every W in layer order (biases are zero), as the seed's TwoLayerNet does. */
  initialize(init: Init, random: NormalSource): void {
    for (const layer of this.affines) {
      fillNormal(layer.W, initStd(init, layer.inputs), random);
      layer.b.fill(0);
    }
  }

  /**
   * Scores before softmax (n x outputs); valid until the next forward pass. A pass that
   * needs no gradient may use other `kernels` (evaluation skips the NumPy-exact float64 sums).
   */
  predict(input: Input, kernels = this.kernels): Floats {
    let x = this.affines[0].forward(input, kernels);
    for (let l = 1; l < this.affines.length; l++) {
      x = this.activations[l - 1].forward(x, input.n);
      x = this.affines[l].forward({ kind: 'dense', x, n: input.n }, kernels);
    }
    return x;
  }

  /** Mean cross-entropy of the batch against its labels. */
  loss(input: Input, labels: ArrayLike<number>): number {
    return this.last.forward(this.predict(input), labels, input.n);
  }

  /** Backpropagation: fills every layer's dW and db; returns the batch's loss before the update. */
  gradient(input: Input, labels: ArrayLike<number>): number {
    const loss = this.loss(input, labels);
    let dout: Floats | null = this.last.backward();
    for (let l = this.affines.length - 1; l >= 0; l--) {
      dout = this.affines[l].backward(dout!);
      if (l > 0) dout = this.activations[l - 1].backward(dout!);
    }
    return loss;
  }

  /** Parameters paired with their gradients, W1, b1, W2, b2, ... */
  paramGrads(): ParamGrad[] {
    return this.affines.flatMap((a) => [
      { param: a.W, grad: a.dW },
      { param: a.b, grad: a.db },
    ]);
  }

  /** Predicted class of each of the input's rows, written to out[offset...]. */
  classify(input: Input, out: Uint8Array | Int32Array, offset = 0, kernels = this.kernels): void {
    if (input.kind === 'sparse' && this.affines.length === 2 && this.activation === 'relu') {
      // one hidden ReLU layer on images: the fused kernel, no round trips through memory
      const [first, second] = this.affines;
      kernels.classifySparse({
        images: input.images, rows: input.rows, n: input.n, pixel: this.pixel, W1: first.W, b1: first.b, hidden: first.outputs,
        W2: second.W, b2: second.b, outputs: second.outputs, scratch: this.scratch, predicted: this.predicted,
      });
      for (let r = 0; r < input.n; r++) out[offset + r] = this.predicted[r];
      return;
    }
    const scores = this.predict(input, kernels);
    for (let r = 0; r < input.n; r++) out[offset + r] = argmax(scores, r * this.outputs, this.outputs);
  }

  /** Softmax probabilities (n x outputs) of dense rows, in chunks of `capacity`. */
  probabilities(x: Floats, n: number): Float64Array {
    const inputs = this.affines[0].inputs;
    const out = new Float64Array(n * this.outputs);
    const chunk = this.kernels.alloc(this.precision, this.capacity * inputs);
    const probs = new Float64Array(this.capacity * this.outputs);
    for (let start = 0; start < n; start += this.capacity) {
      const rows = Math.min(this.capacity, n - start);
      chunk.set(x.subarray(start * inputs, (start + rows) * inputs));
      softmaxRows(this.predict({ kind: 'dense', x: chunk, n: rows }), rows, this.outputs, probs);
      out.set(probs.subarray(0, rows * this.outputs), start * this.outputs);
    }
    return out;
  }
}
