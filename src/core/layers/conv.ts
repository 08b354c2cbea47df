import type { Floats, Input, Precision } from '../floats.js';
import { fillNormal, initStd, type Init } from '../init.js';
import { workspaceFor, type Kernels, type Window } from '../kernels/kernels.js';
import type { Random } from '../random/index.js';
import type { Layer, LayerTensor, Mode } from './layer.js';

/** Images per im2col matrix: bounds the buffers of a large evaluation pass. */
export const CONV_CHUNK = 100;

/**
 * Convolution as a matrix product over im2col's rows (the book's ch. 7), W stored
 * filters x patch (filters x channels x size x size). Per chunk of images:
 *   forward   out2d[rows x F] = col . W^T          (affineInputGrad's form)
 *   backward  dW[F x K]       = dout2d^T . col     (affineGrad's form)
 *             dcol[rows x K]  = dout2d . W         (affine's form, zero bias), then col2im
 * and the bias and the move between (image, position) x filter rows and each image's
 * filters x height x width are the kernels' convOutput (and convOutputGrad, back): every
 * set of kernels gives the same bytes. A first layer reads sparse images straight into
 * col (sparseIm2col) and computes no input gradient.
 */
export class Conv implements Layer {
  readonly W: Floats;
  readonly b: Floats;
  readonly dW: Floats;
  readonly db: Floats;
  readonly tensors: readonly LayerTensor[];
  private readonly filters: number;
  private readonly patch: number;
  private readonly positions: number;
  private readonly chunk: number;
  private readonly col: Floats;
  private readonly out2d: Floats;
  private readonly out: Floats;
  private readonly workspace: Floats;
  /** Column sums of col from affineGrad, unused. */
  private readonly colSums: Floats;
  /** dW of one chunk, when a batch takes several. */
  private readonly dWChunk: Floats;
  private readonly zeros: Floats;
  private readonly dcol: Floats | null;
  private readonly dx: Floats | null;
  private input: Input | null = null;
  /** Images whose col is in `col` since the forward pass (the whole batch when it fits one chunk). */
  private colFrom = -1;

  constructor(
    private readonly kernels: Kernels,
    private readonly pixel: Floats,
    precision: Precision,
    private readonly window: Window,
    filters: number,
    capacity: number,
    inputGradient: boolean,
  ) {
    const alloc = (length: number): Floats => kernels.alloc(precision, length);
    this.filters = filters;
    this.patch = window.channels * window.size * window.size;
    this.positions = window.outHeight * window.outWidth;
    this.chunk = Math.min(capacity, CONV_CHUNK);
    const rows = this.chunk * this.positions;
    this.W = alloc(filters * this.patch);
    this.b = alloc(filters);
    this.dW = alloc(filters * this.patch);
    this.db = alloc(filters);
    this.dWChunk = alloc(filters * this.patch);
    this.col = alloc(rows * this.patch);
    this.out2d = alloc(rows * filters);
    this.out = alloc(capacity * filters * this.positions);
    this.workspace = alloc(workspaceFor(filters, this.patch));
    this.colSums = alloc(this.patch);
    this.zeros = alloc(this.patch);
    this.dcol = inputGradient ? alloc(rows * this.patch) : null;
    this.dx = inputGradient ? alloc(capacity * window.channels * window.height * window.width) : null;
    this.tensors = [
      { name: 'W', data: this.W, grad: this.dW },
      { name: 'b', data: this.b, grad: this.db },
    ];
  }

  /** W = std * randn(filters, channels, size, size), n = channels * size * size; b = 0. */
  initialize(init: Init, random: Random): void {
    fillNormal(this.W, initStd(init, this.patch), random);
    this.b.fill(0);
  }

  forward(input: Input, _mode: Mode, kernels = this.kernels): Floats {
    this.input = input;
    const { filters, patch, positions, out2d, out, b } = this;
    const image = filters * positions;
    for (let from = 0; from < input.n; from += this.chunk) {
      const n = Math.min(this.chunk, input.n - from);
      this.fillCol(input, from, n, kernels);
      kernels.affineInputGrad({ dout: this.col, n: n * positions, m: patch, W: this.W, k: filters, dx: out2d, workspace: this.workspace });
      kernels.convOutput({ out2d, n, positions, filters, b, out: out.subarray(from * image, (from + n) * image) });
    }
    return out;
  }

  backward(dout: Floats): Floats | null {
    const input = this.input;
    if (!input) throw new Error('Conv.backward called before forward');
    const { kernels, filters, patch, positions, out2d: dout2d, dW, db, dcol, dx } = this;
    const chunks = Math.ceil(input.n / this.chunk);
    for (let f = 0; f < filters; f++) {
      let sum = 0;
      for (let r = 0; r < input.n; r++) for (let p = 0, o = (r * filters + f) * positions; p < positions; p++) sum += dout[o + p];
      db[f] = sum;
    }
    for (let from = 0; from < input.n; from += this.chunk) {
      const n = Math.min(this.chunk, input.n - from);
      if (this.colFrom !== from) this.fillCol(input, from, n, kernels);
      const rows = n * positions;
      const image = filters * positions;
      kernels.convOutputGrad({ dout: dout.subarray(from * image, (from + n) * image), n, positions, filters, dout2d });
      const target = chunks === 1 ? dW : this.dWChunk;
      kernels.affineGrad({ x: dout2d, n: rows, k: filters, dout: this.col, m: patch, dW: target, db: this.colSums });
      if (chunks > 1) {
        if (from === 0) dW.set(target);
        else for (let i = 0; i < dW.length; i++) dW[i] += target[i];
      }
      if (dcol && dx) {
        kernels.affine({ x: dout2d, n: rows, k: filters, W: this.W, m: patch, b: this.zeros, out: dcol });
        const inputImage = this.window.channels * this.window.height * this.window.width;
        kernels.col2im({ dcol, n, window: this.window, dx: dx.subarray(from * inputImage, (from + n) * inputImage) });
      }
    }
    return dx;
  }

  private fillCol(input: Input, from: number, n: number, kernels: Kernels): void {
    const { window, col } = this;
    if (input.kind === 'sparse') {
      kernels.sparseIm2col({ images: input.images, rows: input.rows.subarray(from, from + n), n, pixel: this.pixel, window, col });
    } else {
      const image = window.channels * window.height * window.width;
      kernels.im2col({ x: input.x.subarray(from * image, (from + n) * image), n, window, col });
    }
    this.colFrom = from;
  }
}
