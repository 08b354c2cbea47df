/**
 * Run ids become folder names (runs/<id>/), so an id read from a file (experiment.json,
 * config.json) must be a safe name before any path is made from it: `../../x` must never
 * make anything read or write outside the results folder, and `.x` must not make a hidden
 * folder that `ls` and many tools skip. The planner makes only such ids
 * (plan/ids.ts); this is the check of ids that come back from disk.
 */
import { UserError } from '../errors.js';
import { MAX_ID_LENGTH } from '../plan/ids.js';
import { resultsMessages as m } from './messages.js';

/** Letters, digits, '-', '_' and '.', not first: `.` and `..` would leave, `.x` would hide the folder. */
const SAFE = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

export function isSafeId(id: unknown): id is string {
  return typeof id === 'string' && SAFE.test(id) && id.length <= MAX_ID_LENGTH;
}

/** Throws a UserError naming `where` unless `id` is a safe folder name. */
export function assertSafeId(id: unknown, where: string): string {
  if (!isSafeId(id)) throw new UserError(m.unsafeId(String(id), where));
  return id;
}
