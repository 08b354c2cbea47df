/**
 * How many classes a dataset has: the largest training label + 1, so a dataset of 20
 * classes trains a network of 20 outputs, and MNIST one of 10. A test label at or above
 * that is an error naming the file: the network could never predict it.
 */
import { basename } from 'node:path';
import { IdxError } from './idx.js';
import { dataMessages } from './messages.js';

export function classesOf(trainLabels: Uint8Array, trainFile: string, testLabels: Uint8Array, testFile: string): number {
  let largest = 0;
  for (const label of trainLabels) if (label > largest) largest = label;
  const classes = largest + 1;
  if (classes < 2) throw new IdxError(dataMessages.tooFewClasses(basename(trainFile), classes));
  for (let i = 0; i < testLabels.length; i++) {
    if (testLabels[i] >= classes) {
      throw new IdxError(dataMessages.labelOutOfRange(basename(testFile), i, testLabels[i], classes, basename(trainFile)));
    }
  }
  return classes;
}
