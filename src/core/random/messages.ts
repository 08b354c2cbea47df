/** Every message the random generators can show, written once (tests assert through these). */
export const randomMessages = {
  badSeed: (seed: unknown) =>
    `Expected the random seed to be an integer in 0..4294967295, got ${String(seed)}`,
  badBound: (n: unknown) =>
    `Expected the bound of a random integer to be an integer in 1..4294967296, got ${String(n)}`,
  badPermutationSize: (n: unknown) =>
    `Expected the size of a permutation to be a non-negative integer, got ${String(n)}`,
  unknownKind: (kind: unknown) =>
    `Expected the random generator to be 'default' or 'numpy', got ${JSON.stringify(kind)}`,
};
