/** Confusion matrices: rows are true digits, columns predicted ones. Pure functions. */
import { stringify } from 'csv-stringify/sync';

/** matrix[t][p] counts the images of true class t predicted as p. */
export function confusionMatrix(predicted: Uint8Array, labels: Uint8Array, classes = 10): number[][] {
  if (predicted.length !== labels.length) {
    throw new Error(`confusionMatrix: expected as many predictions as labels, got ${predicted.length} and ${labels.length}`);
  }
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= classes || predicted[i] >= classes) {
      throw new Error(`confusionMatrix: expected classes below ${classes}, got label ${labels[i]} predicted ${predicted[i]} at ${i}`);
    }
    matrix[labels[i]][predicted[i]]++;
  }
  return matrix;
}

/** Fraction of each true digit's images predicted correctly; null for a digit with no images. */
export function perDigitAccuracy(matrix: number[][]): (number | null)[] {
  return matrix.map((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? null : row[t] / total;
  });
}

export interface ConfusedPair {
  /** The true digit. */
  actual: number;
  predicted: number;
  count: number;
}

/** The largest off-diagonal cell; ties go to the smaller true digit, then the smaller predicted one. Null when nothing was confused. */
export function mostConfusedPair(matrix: number[][]): ConfusedPair | null {
  let best: ConfusedPair | null = null;
  matrix.forEach((row, actual) =>
    row.forEach((count, predicted) => {
      if (actual !== predicted && count > 0 && (!best || count > best.count)) best = { actual, predicted, count };
    }),
  );
  return best;
}

/** The text of confusion-<slice>.csv: a header `true\predicted,0,...,9`, then one row per true digit. */
export function confusionCsv(matrix: number[][]): string {
  const header = ['true\\predicted', ...matrix.map((_, p) => String(p))];
  return stringify([header, ...matrix.map((row, t) => [t, ...row])]);
}
