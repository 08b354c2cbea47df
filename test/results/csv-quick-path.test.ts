/** parseCsv's quick path: a cached rerun reads thousands of run files, so plain ones skip csv-parse. */
import { describe, expect, it, vi } from 'vitest';
import { parseCsv, toCsv } from '../../src/results/csv.js';

const calls = vi.hoisted(() => ({ parse: 0 }));
vi.mock('csv-parse/sync', async (importOriginal) => {
  const original = await importOriginal<typeof import('csv-parse/sync')>();
  return {
    ...original,
    parse: (...args: Parameters<typeof original.parse>) => {
      calls.parse++;
      return original.parse(...args);
    },
  };
});

/** Whether reading `text` needed csv-parse. */
function neededCsvParse(text: string): boolean {
  const before = calls.parse;
  try {
    parseCsv(text);
  } catch {
    // a refusal is csv-parse's, which is what this tells
  }
  return calls.parse > before;
}

describe('reading CSV quickly', () => {
  it('reads the numbers and names toCsv writes without csv-parse', () => {
    const text = toCsv(['iteration', 'loss'], [['0', '2.3'], ['1', 'NaN']]);
    expect(neededCsvParse(text)).toBe(false);
    expect(neededCsvParse('iteration,loss\n0,2.3\n1,2.1')).toBe(false);
    expect(neededCsvParse('a,b\n')).toBe(false);
  });

  it('hands csv-parse what the quick path cannot read: quotes, lines ended by a lone CR, a row of another length', () => {
    expect(neededCsvParse('a,b\n"x, y",2\n')).toBe(true);
    expect(neededCsvParse('a,b\r1,2\r')).toBe(true);
    expect(neededCsvParse('a,b\n1,2,3\n')).toBe(true);
    expect(() => parseCsv('a,b\n1,2,3\n')).toThrow();
    expect(parseCsv('a,b\r1,2\r')).toEqual({ header: ['a', 'b'], rows: [['1', '2']] });
    expect(neededCsvParse('a,b\r\n1,2\r\n')).toBe(false);
  });
});

describe('writing CSV quickly', () => {
  it('writes exactly what csv-stringify writes, joined directly where no cell needs quotes and quoted by csv-stringify where one does', async () => {
    const { stringify } = await import('csv-stringify/sync');
    const tables: [string[], string[][]][] = [
      [['iteration', 'loss'], [['0', '2.3'], ['1', 'NaN'], ['2', '']]],
      [['run', 'note'], [['a', 'said "no"'], ['b', 'x, y'], ['c', 'two\nlines'], ['d', 'cr\r']]],
      [['run', 'value'], [['', ''], ['-1e-7', ' spaced ']]],
      [['only'], []],
    ];
    for (const [header, rows] of tables) {
      expect(toCsv(header, rows)).toBe(stringify([header, ...rows], { record_delimiter: 'unix' }));
    }
  });
});
