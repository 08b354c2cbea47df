import type { Floats, Input, Precision } from '../floats.js';
import { workspaceFor, type Kernels } from '../kernels/kernels.js';

/** x . W + b, with its gradients. The first layer takes the network's input, dense or sparse. */
export class Affine {
  readonly W: Floats;
  readonly b: Floats;
  readonly dW: Floats;
  readonly db: Floats;
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
  }

  /** `kernels` may differ from the training kernels for passes that need no gradient. */
  forward(input: Input, kernels = this.kernels): Floats {
    this.input = input;
    const { W, b, inputs, outputs, out } = this;
    if (input.kind === 'dense') kernels.affine(input.x, input.n, inputs, W, outputs, b, out);
    else kernels.sparseAffine(input.images, input.rows, input.n, this.pixel, W, outputs, b, out);
    return out;
  }

  backward(dout: Floats): Floats | null {
    const input = this.input;
    if (!input) throw new Error('Affine.backward called before forward');
    const { kernels, inputs, outputs, dW, db, dx } = this;
    if (input.kind === 'dense') kernels.affineGrad(input.x, input.n, inputs, dout, outputs, dW, db);
    else kernels.sparseAffineGrad(input.images, input.rows, input.n, this.pixel, dout, outputs, dW, db);
    if (dx) kernels.affineInputGrad(dout, input.n, outputs, this.W, inputs, dx, this.workspace);
    return dx;
  }
}
