/**
 * Standard normals by Marsaglia's polar method, as NumPy's legacy_gauss draws them: two
 * uniforms in the unit disc give two normals; it returns f*x2 and keeps f*x1 for the next
 * call. The log is a parameter: NumPy's calls glibc's (see numpy-math/glibc-log.ts).
 */
export class PolarGaussian {
  private cached: number | null = null;

  constructor(
    private readonly uniform: () => number,
    private readonly log: (x: number) => number,
  ) {}

  /** [0] or [1, the kept value]. */
  state(): number[] {
    return this.cached === null ? [0] : [1, this.cached];
  }

  restore(state: readonly number[]): void {
    this.cached = state[0] === 1 ? state[1] : null;
  }

  next(): number {
    if (this.cached !== null) {
      const value = this.cached;
      this.cached = null;
      return value;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2 * this.uniform() - 1;
      x2 = 2 * this.uniform() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * this.log(r2)) / r2);
    this.cached = f * x1;
    return f * x2;
  }
}
