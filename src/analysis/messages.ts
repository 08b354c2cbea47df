/** Every title and label the analysis pictures show, written once; tests assert through these functions. */

import type { ClassWord } from './class-word.js';

const percent = (v: number) => `${(v * 100).toFixed(1)}%`;

export const analysisMessages = {
  confusionTitle: (run: string, slice: string) => `Confusion matrix: ${run} on ${slice}`,
  confusionSubtitle: (word: ClassWord = 'digit') => `Cells count images: rows by true ${word}, columns by predicted ${word}.`,
  trueAxis: (word: ClassWord = 'digit') => `true ${word} (accuracy)`,
  predictedAxis: (word: ClassWord = 'digit') => `predicted ${word}`,
  trueLabel: (digit: number, accuracy: number | null) => `${digit} (${accuracy === null ? 'no images' : percent(accuracy)})`,
  mistakesTitle: (run: string, slice: string, shown: number, word: ClassWord = 'digit') =>
    `${run}: the ${shown} ${slice} ${word === 'digit' ? 'digits' : 'images'} it gets most confidently wrong`,
  noMistakes: 'No wrong predictions.',
  mistakeIndex: (index: number) => `image #${index}`,
  mistakeCaption: (actual: number, predicted: number) => `true ${actual}, read as ${predicted}`,
  /** The probability it gave the wrong class: `p = 0.973`, or `p = 1 - 3e-7` when that would read 1.000. */
  mistakeConfidence: (confidence: number, doubt: number) =>
    doubt >= 0.0005 ? `p = ${confidence.toFixed(3)}` : doubt > 0 ? `p = 1 - ${doubt.toExponential(0).replace('e+', 'e')}` : 'p = 1 (to double precision)',
} as const;
