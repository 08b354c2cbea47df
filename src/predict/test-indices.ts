/** `--test-index` values: N or an inclusive range N..M, repeatable, in the order given. */
import { UserError } from '../errors.js';
import { predictMessages as m } from './messages.js';

export function parseTestIndices(values: string[], count: number): number[] {
  return values.flatMap((value) => {
    const match = /^\s*(\d+)\s*(?:\.\.\s*(\d+)\s*)?$/.exec(value);
    const first = match ? Number(match[1]) : NaN;
    const last = match?.[2] !== undefined ? Number(match[2]) : first;
    if (!match || last < first) throw new UserError(m.badIndex(value));
    if (last >= count) throw new UserError(m.indexRange(value, count));
    return Array.from({ length: last - first + 1 }, (_, i) => first + i);
  });
}
