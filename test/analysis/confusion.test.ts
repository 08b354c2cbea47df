import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { confusionCsv, confusionMatrix, mostConfusedPair, perDigitAccuracy } from '../../src/analysis/confusion.js';

const labels = Uint8Array.from([0, 0, 1, 1, 1, 2, 2, 2, 2]);
const predicted = Uint8Array.from([0, 1, 1, 1, 2, 2, 1, 1, 2]);

describe('a confusion matrix', () => {
  it('counts each true digit (row) against each predicted digit (column)', () => {
    expect(confusionMatrix(predicted, labels, 3)).toEqual([
      [1, 1, 0],
      [0, 2, 1],
      [0, 2, 2],
    ]);
  });

  it('is 10x10 by default, with every image counted once', () => {
    const matrix = confusionMatrix(predicted, labels);
    expect(matrix.length).toBe(10);
    expect(matrix.every((row) => row.length === 10)).toBe(true);
    expect(matrix.flat().reduce((a, b) => a + b, 0)).toBe(labels.length);
  });

  it('refuses predictions and labels of different lengths', () => {
    expect(() => confusionMatrix(predicted.subarray(1), labels)).toThrow('expected as many predictions as labels, got 8 and 9');
  });

  it('gives each digit the fraction of its images read correctly, null for a digit never seen', () => {
    const accuracy = perDigitAccuracy(confusionMatrix(predicted, labels, 4));
    expect(accuracy[0]).toBeCloseTo(1 / 2, 12);
    expect(accuracy[1]).toBeCloseTo(2 / 3, 12);
    expect(accuracy[2]).toBeCloseTo(2 / 4, 12);
    expect(accuracy[3]).toBeNull();
  });

  it('finds the most confused pair of digits', () => {
    expect(mostConfusedPair(confusionMatrix(predicted, labels, 3))).toEqual({ actual: 2, predicted: 1, count: 2 });
  });

  it('breaks ties by the smaller true digit, then the smaller predicted digit', () => {
    expect(mostConfusedPair([[5, 3, 3], [3, 5, 0], [0, 3, 5]])).toEqual({ actual: 0, predicted: 1, count: 3 });
  });

  it('finds no confused pair when every prediction is right', () => {
    expect(mostConfusedPair([[4, 0], [0, 7]])).toBeNull();
  });

  it('writes CSV with a true\\predicted header row and one row per true digit', () => {
    const matrix = confusionMatrix(predicted, labels);
    const text = confusionCsv(matrix);
    const rows = parse(text) as string[][];
    expect(rows[0]).toEqual(['true\\predicted', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(rows.slice(1).map((row) => row.map(Number))).toEqual(matrix.map((row, t) => [t, ...row]));
    expect(text.split('\n')[1]).toBe('0,1,1,0,0,0,0,0,0,0,0');
  });
});
