/** timings.csv: wall-clock seconds per run, the only file that differs between identical runs. */
import { toCsv } from '../results/csv.js';
import { formatNumber } from '../results/numbers.js';
import type { RunTiming } from '../results/types.js';

export const TIMINGS_FILE = 'timings.csv';

export function timingsCsv(timings: RunTiming[]): string {
  return toCsv(['run', 'seconds'], timings.map((t) => [t.run, formatNumber(t.seconds)]));
}
