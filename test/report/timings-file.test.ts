/** timings.csv: each run's wall-clock seconds, written and read back. */
import { describe, expect, it } from 'vitest';
import { parseTimingsCsv, TIMINGS_FILE, timingsCsv } from '../../src/report/timings-file.js';

describe('timings.csv', () => {
  it('holds a run and its seconds per row, and reads back as written', () => {
    const timings = [{ run: 'lr-0.5', seconds: 1.25 }, { run: 'lr-1.5', seconds: 0.1 + 0.2 }];
    const text = timingsCsv(timings);
    expect(TIMINGS_FILE).toBe('timings.csv');
    expect(text).toBe('run,seconds\nlr-0.5,1.25\nlr-1.5,0.30000000000000004\n');
    expect(parseTimingsCsv(text)).toEqual(timings);
  });

  it('reads a cell that is not a number as NaN, and a file that is not a timings.csv as none', () => {
    expect(parseTimingsCsv('run,seconds\nlr-0.5,soon\n')).toEqual([{ run: 'lr-0.5', seconds: Number.NaN }]);
    expect(parseTimingsCsv('run,minutes\nlr-0.5,1\n')).toEqual([]);
    expect(parseTimingsCsv('id,seconds\nlr-0.5,1\n')).toEqual([]);
    expect(parseTimingsCsv('"unclosed\n')).toEqual([]);
  });
});
