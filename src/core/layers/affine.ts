import type { Floats, Input, Precision } from '../floats.js';
import { fillNormal, initStd, type Init } from '../init.js';
import { workspaceFor, type Kernels } from '../kernels/kernels.js';
import type { Random } from '../random/index.js';
import type { Layer, LayerTensor, Mode } from './layer.js';

/** x . W + b, with its gradients. The first layer takes the network's input, dense or sparse. */
export class Affine implements Layer {
  readonly W: Floats;
  readonly b: Floats;
  readonly dW: Floats;
  readonly db: Floats;
  readonly tensors: readonly LayerTensor[];
  private readonly out: Floats;
  /** null for the first layer: nothing uses the gradient with respect to the images. */
  private readonly dx: Floats | null;
  private readonly workspace: Floats;
  private input: Input | null = null;

  constructor(
    private readonly kernels: Kernels,
    /** Pixel value (0..255) to input value, for sparse inputs. */
    private readonly pixel: Floats,
    precision: Precision,
    readonly inputs: number,
    readonly outputs: number,
    capacity: number,
    inputGradient: boolean,
  ) {
    this.W = kernels.alloc(precision, inputs * outputs);
    this.b = kernels.alloc(precision, outputs);
    this.dW = kernels.alloc(precision, inputs * outputs);
    this.db = kernels.alloc(precision, outputs);
    this.out = kernels.alloc(precision, capacity * outputs);
    this.dx = inputGradient ? kernels.alloc(precision, capacity * inputs) : null;
    this.workspace = kernels.alloc(precision, inputGradient ? workspaceFor(inputs, outputs) : 0);
    this.tensors = [
      { name: 'W', data: this.W, grad: this.dW },
      { name: 'b', data: this.b, grad: this.db },
    ];
  }

  /** W = std * randn(inputs, outputs) (the seed's draw), b = 0. */
  initialize(init: Init, random: Random): void {
    fillNormal(this.W, initStd(init, this.inputs), random);
    this.b.fill(0);
  }

  /** `kernels` may differ from the training kernels for passes that need no gradient. */
  forward(input: Input, _mode: Mode = 'evaluate', kernels = this.kernels): Floats {
    this.input = input;
    const { W, b, inputs, outputs, out } = this;
    if (input.kind === 'dense') kernels.affine({ x: input.x, n: input.n, k: inputs, W, m: outputs, b, out });
    else kernels.sparseAffine({ images: input.images, rows: input.rows, n: input.n, pixel: this.pixel, W, m: outputs, b, out, dead: input.dead });
    return out;
  }

  backward(dout: Floats): Floats | null {
    const input = this.input;
    if (!input) throw new Error('Affine.backward called before forward');
    const { kernels, inputs, outputs, dW, db, dx } = this;
    if (input.kind === 'dense') kernels.affineGrad({ x: input.x, n: input.n, k: inputs, dout, m: outputs, dW, db });
    else kernels.sparseAffineGrad({ images: input.images, rows: input.rows, n: input.n, pixel: this.pixel, dout, m: outputs, dW, db });
    if (dx) kernels.affineInputGrad({ dout, n: input.n, m: outputs, W: this.W, k: inputs, dx, workspace: this.workspace });
    return dx;
  }
}
