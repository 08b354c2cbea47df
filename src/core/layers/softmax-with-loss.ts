import type { Floats } from '../floats.js';
import { crossEntropyError, softmaxRows } from '../functions.js';

/** Softmax then cross-entropy against class labels; backward is (y - t) / n, as in the seed. */
export class SoftmaxWithLoss {
  readonly y: Floats;
  private readonly dx: Floats;
  private labels: ArrayLike<number> = [];
  private n = 0;

  /** `alloc` gives arrays the kernels can read (dx is the last layer's output gradient). */
  constructor(alloc: (length: number) => Floats, private readonly classes: number, capacity: number) {
    this.y = alloc(capacity * classes);
    this.dx = alloc(capacity * classes);
  }

  forward(x: Floats, labels: ArrayLike<number>, n: number): number {
    this.labels = labels;
    this.n = n;
    softmaxRows(x, n, this.classes, this.y);
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
