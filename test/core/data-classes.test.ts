/** A dataset's number of classes comes from its training labels; a test label beyond them is an error naming the file. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/core/data/dataset.js';
import { dataMessages } from '../../src/core/data/messages.js';
import { folderWith, idxErrorOf, idxLabels, smallDataset } from '../fixtures/idx/make-idx.js';

describe('the classes of a dataset', () => {
  it('are the largest training label + 1: ten for labels up to 9, twenty for labels up to 19', () => {
    expect(loadDataset(folderWith(smallDataset())).classes).toBe(10);
    const twenty = smallDataset({ 'train-labels-idx1-ubyte': idxLabels([5, 19, 4, 1, 0]), 't10k-labels-idx1-ubyte': idxLabels([18, 2, 1]) });
    expect(loadDataset(folderWith(twenty)).classes).toBe(20);
  });

  it('make a test label at or above them an error naming the test label file and the training one', () => {
    const dir = folderWith(smallDataset({ 'train-labels-idx1-ubyte': idxLabels([0, 1, 2, 3, 4]), 't10k-labels-idx1-ubyte': idxLabels([1, 7, 2]) }));
    expect(idxErrorOf(() => loadDataset(dir))).toBe(dataMessages.labelOutOfRange('t10k-labels-idx1-ubyte', 1, 7, 5, 'train-labels-idx1-ubyte'));
  });

  it('must be at least two', () => {
    const dir = folderWith(smallDataset({ 'train-labels-idx1-ubyte': idxLabels([0, 0, 0, 0, 0]), 't10k-labels-idx1-ubyte': idxLabels([0, 0, 0]) }));
    expect(idxErrorOf(() => loadDataset(join(dir)))).toBe(dataMessages.tooFewClasses('train-labels-idx1-ubyte', 1));
  });
});
