/** timings.csv: wall-clock seconds per run, the only file that differs between identical runs. */
import { parseCsv, toCsv } from '../results/csv.js';
import { formatNumber, parseNumber } from '../results/numbers.js';
import type { RunTiming } from '../results/types.js';

export const TIMINGS_FILE = 'timings.csv';

export function timingsCsv(timings: RunTiming[]): string {
  return toCsv(['run', 'seconds'], timings.map((t) => [t.run, formatNumber(t.seconds)]));
}

/** The timings in `text` (a timings.csv), or none if it is not one. */
export function parseTimingsCsv(text: string): RunTiming[] {
  try {
    const { header, rows } = parseCsv(text);
    if (header[0] !== 'run' || header[1] !== 'seconds') return [];
    return rows.map(([run, seconds]) => ({ run, seconds: parseNumber(seconds) ?? Number.NaN }));
  } catch {
    return [];
  }
}
