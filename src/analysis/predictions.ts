/** From a model's probabilities (n x classes, row-major) to predicted classes. */

export function predictedClasses(probabilities: ArrayLike<number>, classes = 10): Uint8Array {
  const n = Math.floor(probabilities.length / classes);
  const out = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probabilities[r * classes + c] > probabilities[r * classes + best]) best = c;
    out[r] = best;
  }
  return out;
}
