/**
 * The images a model gets most confidently wrong: found by the worker from the last
 * network's probabilities, saved as mistakes-<slice>.csv (mistakes-file.ts), drawn by the
 * report (mistakes-chart.ts).
 */

export interface Mistake {
  /** The image's index in its split. */
  index: number;
  actual: number;
  predicted: number;
  /** The predicted class's probability. */
  confidence: number;
  /**
   * 1 - confidence, as the sum of the other classes' probabilities: exact where the
   * subtraction would give 0 (a confidently wrong model is often 1 - 1e-7 sure).
   */
  doubt: number;
}

/** Wrong predictions, most confident (least doubt) first (ties: lower index first), at most `count`. */
export function mostConfidentMistakes(probabilities: ArrayLike<number>, labels: Uint8Array, classes = 10, count = 16): Mistake[] {
  const mistakes: Mistake[] = [];
  for (let i = 0; i < labels.length; i++) {
    let predicted = 0;
    for (let c = 1; c < classes; c++) if (probabilities[i * classes + c] > probabilities[i * classes + predicted]) predicted = c;
    if (predicted === labels[i]) continue;
    let doubt = 0;
    for (let c = 0; c < classes; c++) if (c !== predicted) doubt += probabilities[i * classes + c];
    mistakes.push({ index: i, actual: labels[i], predicted, confidence: probabilities[i * classes + predicted], doubt });
  }
  return mistakes.sort((a, b) => a.doubt - b.doubt || b.confidence - a.confidence || a.index - b.index).slice(0, count);
}
