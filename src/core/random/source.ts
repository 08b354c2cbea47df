/** What the network core draws from; random.ts makes one of either generator. */
export interface Random {
  /** A uniform double in [0, 1) with 53 random bits. */
  uniform(): number;
  /** A standard normal draw (mean 0, variance 1). */
  normal(): number;
  /** A uniform integer in [0, n), unbiased; n is an integer in 1..2^32. */
  int(n: number): number;
  /** Everything the next draws depend on, as plain numbers (exact through JSON), for a checkpoint. */
  state(): number[];
  /** Continues from a `state()` of a generator of the same kind: the same draws follow. */
  restore(state: readonly number[]): void;
}
