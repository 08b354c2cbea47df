/**
 * A sequential network: the architecture's layers in order (layers/registry.ts makes each),
 * then softmax with cross-entropy. The seed's TwoLayerNet is `fromHidden(input, [50], 'relu', 10)`.
 * Buffers are allocated once, for up to `capacity` images, so training allocates nothing
 * per iteration.
 *
 * Training mode (`gradient`) uses batch statistics and draws dropout masks; everything
 * else (`predict`, `loss`, `classify`, `probabilities`) runs in evaluation mode.
 * Weight decay (L2 on the W of affine and conv layers, not biases or batchnorm's gamma
 * and beta) enters as in the book: loss += 0.5 * lambda * sum(W^2), dW += lambda * W.
 */
import { flatShape, fromHidden, sizeOf, type Architecture } from './architecture.js';
import type { FirstLayer } from './dead-units.js';
import type { Floats, Input, Precision } from './floats.js';
import { argmax, softmaxRows } from './functions.js';
import type { Init, NormalSource } from './init.js';
import type { CallCarry, Kernels } from './kernels/kernels.js';
import { numpyKernels } from './kernels/blas64.js';
import { referenceKernels } from './kernels/reference.js';
import { Affine } from './layers/affine.js';
import type { Layer, Mode } from './layers/layer.js';
import { architectureTensors, layerKind, traceShapes } from './layers/registry.js';
import { SoftmaxWithLoss } from './layers/softmax-with-loss.js';
import type { ParamGrad } from './optimizers.js';
import { pixelScale } from './pixels.js';
import type { Random } from './random/index.js';

/**
 * Images the fused classification kernel takes at once. Its buffers are its own, not the
 * layers', so it is not bound by `capacity`; the native kernels pack W once per call (for
 * every 500 images that cost about 4% of an evaluation), and measure the weights' move for
 * carried classes once per call: at 60,000, once per MNIST slice.
 */
export const FUSED_CHUNK = 60000;

export interface NetworkOptions {
  architecture: Architecture;
  precision: Precision;
  /** Most images a forward pass takes at once. */
  capacity: number;
  /** Defaults to the reference kernels; float64 sums as NumPy's BLAS does them. */
  kernels?: Kernels;
  /** L2 coefficient lambda on every W (training.weight_decay); 0, the default, changes nothing. */
  weightDecay?: number;
}

/** A tensor of the network, as `architectureTensors` names and orders them; loading a model is copying into `data`. */
export interface NetworkTensor {
  name: string;
  shape: number[];
  trainable: boolean;
  data: Floats;
}

export class Network {
  readonly architecture: Architecture;
  readonly kernels: Kernels;
  readonly precision: Precision;
  readonly capacity: number;
  /** The most images `classify` takes at once: `capacity`, or FUSED_CHUNK where the fused kernel classifies. */
  readonly classifyChunk: number;
  readonly outputs: number;
  readonly weightDecay: number;
  /** The working layers, one per architecture layer. */
  readonly parts: readonly Layer[];
  private readonly last: SoftmaxWithLoss;
  private readonly pixel: Floats;
  private readonly named: NetworkTensor[];
  /** Images made dense for a first layer that does not read sparse images. */
  private readonly dense: Floats | null;
  /** Where dropout draws its masks; set by `initialize` (a loaded network never trains). */
  private random: Random | null = null;
  /** For the fused classification kernel (affine, relu, affine on images). */
  private readonly fused: { first: Affine; second: Affine; scratch: Floats; predicted: Int32Array } | null;

  constructor(options: NetworkOptions) {
    const { architecture, precision, capacity } = options;
    const kernels = options.kernels ?? (precision === 'float64' ? numpyKernels : referenceKernels);
    const { shapes, problem } = traceShapes(architecture);
    if (problem) throw new Error(`layer ${problem.layer}: ${problem.message}`);
    if (architecture.layers.length === 0) throw new Error('a network needs at least one layer');
    const pixel = pixelScale(precision, kernels);
    this.parts = architecture.layers.map((layer, i) =>
      layerKind(layer).create(
        {
          kernels, precision, capacity, pixel, first: i === 0, input: shapes[i].input, output: shapes[i].output,
          random: () => this.random ?? failNoRandom(),
        },
        layer,
      ),
    );
    const outputs = sizeOf(shapes[shapes.length - 1].output);
    this.last = new SoftmaxWithLoss(kernels, precision, outputs, capacity);
    this.architecture = architecture;
    this.kernels = kernels;
    this.precision = precision;
    this.capacity = capacity;
    this.outputs = outputs;
    this.weightDecay = options.weightDecay ?? 0;
    this.pixel = pixel;
    this.dense = layerKind(architecture.layers[0]).readsSparse ? null : kernels.alloc(precision, capacity * sizeOf(architecture.input));
    this.named = architectureTensors(architecture).map((t, k) => ({ ...t, data: this.tensorData(t.name, k) }));
    const types = architecture.layers.map((l) => l.type).join(' ');
    this.classifyChunk = types === 'affine relu affine' ? Math.max(capacity, FUSED_CHUNK) : capacity;
    this.fused = types === 'affine relu affine'
      ? {
          first: this.parts[0] as Affine, second: this.parts[2] as Affine, predicted: kernels.allocIndices(this.classifyChunk),
          scratch: kernels.alloc(precision, sizeOf(shapes[0].output) + outputs + 12),
        }
      : null;
  }

  /** The dense layers, in order. */
  get affines(): Affine[] {
    return this.parts.filter((p): p is Affine => p instanceof Affine);
  }

  /** Every parameter and running statistic, named and ordered as `architectureTensors`. */
  tensors(): NetworkTensor[] {
    return this.named;
  }

  /** Draws every W in layer order (biases are zero), as the seed's TwoLayerNet does; batchnorm starts at gamma 1, beta 0. */
  initialize(init: Init, random: Random | NormalSource): void {
    if ('uniform' in random) this.random = random;
    for (const part of this.parts) part.initialize?.(init, random as Random);
  }

  /** Starts from the tensors of a network of this architecture just initialised (see initial-weights.ts), drawing nothing; dropout draws from `random`. */
  startFrom(tensors: readonly Floats[], random: Random): void {
    this.random = random;
    this.named.forEach((t, k) => t.data.set(tensors[k]));
  }

  /** Runs the layers in `mode`; scores before softmax (n x outputs), valid until the next pass. */
  forward(input: Input, mode: Mode, kernels = this.kernels): Floats {
    let x: Input = this.densified(input);
    for (const part of this.parts) x = { kind: 'dense', x: part.forward(x, mode, kernels), n: input.n };
    return (x as { x: Floats }).x;
  }

  /**
   * Scores before softmax (n x outputs) in evaluation mode; valid until the next forward pass. A pass
   * that needs no gradient may use other `kernels` (evaluation skips the NumPy-exact float64 sums).
   */
  predict(input: Input, kernels = this.kernels): Floats {
    return this.forward(input, 'evaluate', kernels);
  }

  /** Mean cross-entropy of the batch against its labels (plus the weight decay term), in `mode`. */
  loss(input: Input, labels: ArrayLike<number>, mode: Mode = 'evaluate'): number {
    const loss = this.last.forward(this.forward(input, mode), labels, input.n);
    return this.weightDecay === 0 ? loss : loss + this.decayLoss();
  }

  /**
   * Backpropagation in training mode: fills every gradient; returns the batch's loss before the
   * update. `withDecay` false leaves the weight-decay term out of the returned loss (its sum of
   * squares costs about what a layer does), for a caller that does not read it.
   */
  gradient(input: Input, labels: ArrayLike<number>, withDecay = true): number {
    const loss = withDecay ? this.loss(input, labels, 'train') : this.last.forward(this.forward(input, 'train'), labels, input.n);
    let dout: Floats | null = this.last.backward();
    for (let l = this.parts.length - 1; l >= 0 && dout; l--) dout = this.parts[l].backward(dout);
    const lambda = this.weightDecay;
    if (lambda !== 0) {
      for (const { param, grad } of this.decayed()) for (let i = 0; i < param.length; i++) grad[i] += lambda * param[i];
    }
    return loss;
  }

  /** Trainable tensors paired with their gradients, in `tensors()` order (W1, b1, W2, b2, ... for an MLP). */
  paramGrads(): ParamGrad[] {
    return this.parts.flatMap((part) => part.tensors.filter((t) => t.grad).map((t) => ({ param: t.data, grad: t.grad! })));
  }

  /**
   * Predicted class of each of the input's rows (at most `classifyChunk`), written to out[offset...], in evaluation mode.
   * `dead`, for the fused kernel only, marks the hidden units known dead on these rows and gets those proven so; `carry`, likewise,
   * has their certificates from an earlier evaluation (ClassifySparseArgs).
   */
  classify(input: Input, out: Uint8Array | Int32Array, offset = 0, kernels = this.kernels, dead?: Int32Array, carry?: CallCarry): void {
    if (input.kind === 'sparse' && this.fused) {
      // one hidden ReLU layer on images: the fused kernel, no round trips through memory
      const { first, second, scratch, predicted } = this.fused;
      kernels.classifySparse({
        images: input.images, rows: input.rows, n: input.n, pixel: this.pixel, W1: first.W, b1: first.b, hidden: first.outputs,
        W2: second.W, b2: second.b, outputs: second.outputs, scratch, predicted, dead, carry,
      });
      out.set(predicted.subarray(0, input.n), offset);
      return;
    }
    const scores = this.predict(input, kernels);
    for (let r = 0; r < input.n; r++) out[offset + r] = argmax(scores, r * this.outputs, this.outputs);
  }

  /** The fused classifier's first layer where it is float32: the layer whose dead units `classify` can leave out (dead-units.ts). */
  get deadUnitLayer(): FirstLayer | null {
    const W = this.fused?.first.W, b = this.fused?.first.b;
    if (!this.fused || !(W instanceof Float32Array) || !(b instanceof Float32Array)) return null;
    return { W, b, inputs: this.fused.first.inputs, hidden: this.fused.first.outputs };
  }

  /** The fused classifier's W1, b1, W2 and b2 where they are float32: the weights a ScoreCarry's certificates are for (score-carry.ts). */
  get carriedWeights(): Float32Array[] | null {
    const { fused } = this;
    if (!fused) return null;
    const weights = [fused.first.W, fused.first.b, fused.second.W, fused.second.b];
    return weights.every((w) => w instanceof Float32Array) ? (weights as Float32Array[]) : null;
  }

  /** Softmax probabilities (n x outputs) of dense rows, in chunks of `capacity`, in evaluation mode. */
  probabilities(x: Floats, n: number): Float64Array {
    const inputs = sizeOf(this.architecture.input);
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

  /** The sparse images as dense rows, for a first layer that reads dense input only. */
  private densified(input: Input): Input {
    if (input.kind === 'dense' || !this.dense) return input;
    const { images, rows, n } = input;
    const { features, rowStart, index, value } = images;
    const x = this.dense;
    x.fill(0, 0, n * features);
    for (let r = 0; r < n; r++) for (let e = rowStart[rows[r]]; e < rowStart[rows[r] + 1]; e++) x[r * features + index[e]] = this.pixel[value[e]];
    return { kind: 'dense', x, n };
  }

  /** The weights weight decay acts on: the W of every layer that has one (found once: the tensors never move). */
  private decayed(): ParamGrad[] {
    return (this.decayedWeights ??= this.parts.flatMap((part) => part.tensors.filter((t) => t.name === 'W').map((t) => ({ param: t.data, grad: t.grad! }))));
  }

  private decayedWeights: ParamGrad[] | null = null;

  /** 0.5 * lambda * sum(W^2) over every W, summed in float64 in storage order. */
  private decayLoss(): number {
    let sum = 0;
    for (const { param } of this.decayed()) for (let i = 0; i < param.length; i++) sum += param[i] * param[i];
    return 0.5 * this.weightDecay * sum;
  }

  private tensorData(name: string, _k: number): Floats {
    const [, index, local] = name.split('.');
    const tensor = this.parts[Number(index)].tensors.find((t) => t.name === local);
    if (!tensor) throw new Error(`layer ${index} has no tensor ${local}`);
    return tensor.data;
  }
}

function failNoRandom(): never {
  throw new Error('dropout needs a random source: initialize the network before training it');
}

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

/** The seed's shorthand as a Network: affine -> activation -> ... -> affine, and its dense layers as model.json keeps them. */
export class Mlp extends Network {
  readonly activation: Activation;

  constructor(options: MlpOptions) {
    const { inputs, hidden, outputs, activation, precision, capacity, kernels } = options;
    super({ architecture: fromHidden(flatShape(inputs), hidden, activation, outputs), precision, capacity, kernels });
    this.activation = activation;
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
}
