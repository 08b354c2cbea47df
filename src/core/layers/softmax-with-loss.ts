import type { Floats, Precision } from '../floats.js';
import { crossEntropyError } from '../functions.js';
import type { Kernels } from '../kernels/kernels.js';

/** Softmax (the kernels' softmaxRows) then cross-entropy against class labels; backward is (y - t) / n, as in the seed. */
export class SoftmaxWithLoss {
  readonly y: Floats;
  private readonly dx: Floats;
  private labels: ArrayLike<number> = [];
  private n = 0;

  constructor(private readonly kernels: Kernels, precision: Precision, private readonly classes: number, capacity: number) {
    this.y = kernels.alloc(precision, capacity * classes);
    this.dx = kernels.alloc(precision, capacity * classes);
  }

  forward(x: Floats, labels: ArrayLike<number>, n: number): number {
    this.labels = labels;
    this.n = n;
    this.kernels.softmax({ x, n, m: this.classes, out: this.y });
    return crossEntropyError(this.y, labels, n, this.classes);
  }

  backward(): Floats {
    const { y, dx, labels, n, classes } = this;
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < classes; j++) {
        const i = r * classes + j;
        dx[i] = (y[i] - (labels[r] === j ? 1 : 0)) / n;
      }
    }
    return dx;
  }
}
