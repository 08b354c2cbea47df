/** The README's pipe tables and numbers. */
import { describe, expect, it } from 'vitest';
import { accuracyText, markdownTable } from '../../src/report/markdown-table.js';
import { valueText } from '../../src/report/words.js';

describe('a Markdown table', () => {
  it('is a header, its rule and the rows, a cell\'s pipes escaped and its lines joined', () => {
    expect(markdownTable(['run', 'note'], [['a|b', 'one\ntwo'], ['c', '']])).toEqual([
      '| run | note |',
      '| --- | --- |',
      '| a\\|b | one two |',
      '| c |  |',
    ]);
  });

  it('writes an accuracy to three decimals, and NaN and the infinities as the CSVs do', () => {
    expect([0.87654, 1, Number.NaN, Infinity, -Infinity].map(accuracyText)).toEqual(['0.877', '1.000', 'NaN', 'Infinity', '-Infinity']);
  });
});

describe('a value in words', () => {
  it('is a string as it is, true, false and null as written, and an object as key value pairs', () => {
    expect(['relu', true, false, null, { std: 0.01, kind: 'normal' }, [{ std: 2 }, 'he']].map(valueText))
      .toEqual(['relu', 'true', 'false', 'null', 'std 0.01, kind normal', '[std 2, he]']);
  });
});
