/**
 * runs.csv: one row per run: `run`, one column per varying key (its dotted path),
 * `status`, `final_loss`, one `<slice>_accuracy` per evaluation slice (the last
 * evaluation), `diverged_at`, and `pruned_at` when successive halving pruned a run (the
 * rung it was ranked at). Empty cells where there is nothing to say.
 */
import { toCsv } from '../results/csv.js';
import { formatNumber } from '../results/numbers.js';
import { accuracyColumn } from '../results/run-files.js';
import { slicesOf, type ReportInput } from './report-input.js';

/** A grid value in a cell: numbers as written, strings as they are, anything else as JSON. */
export function valueCell(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? '';
}

export function runsCsv(input: ReportInput): string {
  const slices = slicesOf(input);
  const pruned = input.results.some((r) => r.status === 'pruned');
  const header = ['run', ...input.varying, 'status', 'final_loss', ...slices.map(accuracyColumn), 'diverged_at', ...(pruned ? ['pruned_at'] : [])];
  const rows = input.results.map((r) => {
    const last = r.evaluations.at(-1);
    const finalLoss = r.losses.at(-1);
    return [
      r.run.id,
      ...input.varying.map((k) => valueCell(r.run.values[k])),
      r.status,
      finalLoss === undefined ? '' : formatNumber(finalLoss),
      ...slices.map((s) => (last?.accuracy[s] === undefined ? '' : formatNumber(last.accuracy[s]))),
      r.divergedAt === null ? '' : String(r.divergedAt),
      ...(pruned ? [r.prunedAt === undefined ? '' : String(r.prunedAt)] : []),
    ];
  });
  return toCsv(header, rows);
}
