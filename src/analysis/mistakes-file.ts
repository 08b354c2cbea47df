/**
 * mistakes-<slice>.csv: the rows the mistakes picture needs, most confident first (the
 * order of mostConfidentMistakes): `index` (the image's index in its split), `true`,
 * `predicted`, `probability` (the predicted class's) and `doubt` (the other classes'
 * probabilities summed: 1 - probability, exact where that subtraction gives 0).
 */
import { parseCsv, toCsv } from '../results/csv.js';
import { formatNumber, parseNumber } from '../results/numbers.js';
import type { Mistake } from './mistakes.js';

export const MISTAKES_HEADER = ['index', 'true', 'predicted', 'probability', 'doubt'];

/** The file of the mistakes on an evaluation slice. */
export function mistakesFile(slice: string): string {
  return `mistakes-${slice}.csv`;
}

export function mistakesCsv(mistakes: Mistake[]): string {
  return toCsv(MISTAKES_HEADER, mistakes.map((m) => [String(m.index), String(m.actual), String(m.predicted), formatNumber(m.confidence), formatNumber(m.doubt)]));
}

/**
 * The mistakes in a mistakes-<slice>.csv, or what is wrong with it: each index an image of
 * the split (below `images`), each class below `classes`, probabilities between 0 and 1.
 */
export function parseMistakesCsv(text: string, limits: { images: number; classes: number }): Mistake[] | string {
  let table;
  try {
    table = parseCsv(text);
  } catch {
    return 'CSV';
  }
  if (table.header.join(',') !== MISTAKES_HEADER.join(',')) return `the header ${MISTAKES_HEADER.join(',')}`;
  const mistakes: Mistake[] = [];
  for (const [i, row] of table.rows.entries()) {
    const [index, actual, predicted, confidence, doubt] = row.map(parseNumber);
    const whole = (x: number | null, below: number): boolean => x !== null && Number.isInteger(x) && x >= 0 && x < below;
    const probability = (x: number | null): boolean => x !== null && x >= 0 && x <= 1;
    if (!whole(index, limits.images) || !whole(actual, limits.classes) || !whole(predicted, limits.classes) || !probability(confidence) || !probability(doubt)) {
      return `row ${i + 2} to be an image index below ${limits.images}, two classes below ${limits.classes} and two probabilities`;
    }
    mistakes.push({ index: index!, actual: actual!, predicted: predicted!, confidence: confidence!, doubt: doubt! });
  }
  return mistakes;
}
