import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from '../../src/results/csv.js';

/** What csv-parse alone makes of `text`: the reading parseCsv must keep. */
function reference(text: string): { header: string[]; rows: string[][] } | 'throws' {
  try {
    const [header = [], ...rows] = parse(text, { relax_column_count: false }) as string[][];
    return { header, rows };
  } catch {
    return 'throws';
  }
}

describe('reading CSV', () => {
  it('reads every text as csv-parse does, on its quick path and off it', () => {
    const texts = [
      toCsv(['iteration', 'loss'], [['0', '2.3'], ['1', 'NaN'], ['2', '-Infinity']]),
      'iteration,loss\r\n0,2.3\r\n1,2.1\r\n',
      'iteration,loss\n0,2.3\n1,2.1',
      'a,b\n"x, y",2\n',
      toCsv(['name', 'value'], [['with "quote"', '1'], ['a,b', '2']]),
      'a,b\n1,2,3\n',
      'a,b\n\n1,2\n',
      'a,b\n',
      '',
      'a,b\n1,\n,2\n',
    ];
    for (const text of texts) {
      const expected = reference(text);
      if (expected === 'throws') expect(() => parseCsv(text), JSON.stringify(text)).toThrow();
      else expect(parseCsv(text), JSON.stringify(text)).toEqual(expected);
    }
  });

  it('skips a byte-order mark before the header, as an editor on Windows saves one', () => {
    const bom = '\uFEFF';
    expect(parseCsv(`${bom}iteration,loss\r\n0,2.3\r\n`)).toEqual({ header: ['iteration', 'loss'], rows: [['0', '2.3']] });
    expect(parseCsv(`${bom}a,b\n"x, y",2\n`)).toEqual({ header: ['a', 'b'], rows: [['x, y', '2']] });
    expect(parseCsv(`a,${bom}b\n1,2\n`).header).toEqual(['a', `${bom}b`]);
  });
});
