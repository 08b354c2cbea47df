/** Readable run ids made from the values that vary: `lr-0.5`, `hidden-100x50_act-sigmoid`, `lr-0.5_r-1`, `convnet_lr-0.001`. */

import { createHash } from 'node:crypto';

/** Short names for common keys; any other key is named by its last segment. */
export const KEY_ALIASES: Record<string, string> = {
  'training.learning_rate': 'lr',
  'model.hidden': 'hidden',
  'training.optimizer': 'opt',
  'model.activation': 'act',
  'training.batch_size': 'batch',
  repeat: 'r',
};

export function keyAlias(key: string): string {
  return KEY_ALIASES[key] ?? key.split('.').pop()!;
}

/** A value as id text: lists joined by `x`, mappings as `key<value>` joined by `-`. */
export function valueText(value: unknown): string {
  if (Array.isArray(value)) return value.map(valueText).join('x');
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).map(([k, v]) => `${k}${valueText(v)}`).join('-');
  }
  return String(value);
}

/** Only letters, digits, `-`, `_` and `.`, and not `.` first, so an id is a safe folder name, and not a hidden one. */
function safe(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_.-]+/g, '_');
  return cleaned === '' || cleaned.startsWith('.') ? `_${cleaned}` : cleaned;
}

/** The id of a run with these varying values (`run` when nothing varies); a value of a `named` key is its name alone (`convnet`). */
export function runId(values: Record<string, unknown>, named: readonly string[] = []): string {
  const parts = Object.entries(values).map(([key, value]) => safe(named.includes(key) ? String(value) : `${keyAlias(key)}-${valueText(value)}`));
  return parts.length === 0 ? 'run' : parts.join('_');
}

/** The longest id: a folder name most file systems take (results/safe-id.ts checks ids read back against it). */
export const MAX_ID_LENGTH = 200;

/**
 * Appends `-<hash>` to every id that more than one run shares, letter case aside: on a file
 * system that ignores case (macOS's, Windows', where a committed results folder may be
 * cloned), `act-A` and `act-a` would be one folder. Then cuts an id past MAX_ID_LENGTH (long
 * grid values) to its first 180 characters and 12 hex digits of the whole id's SHA-256, so
 * that distinct ids stay distinct.
 */
export function disambiguate(ids: string[], hashes: string[]): string[] {
  const folder = (id: string): string => id.toLowerCase();
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(folder(id), (counts.get(folder(id)) ?? 0) + 1);
  return ids
    .map((id, i) => (counts.get(folder(id))! > 1 ? `${id}-${hashes[i].slice(0, 8)}` : id))
    .map((id) => (id.length <= MAX_ID_LENGTH ? id : `${id.slice(0, 180)}-${createHash('sha256').update(id).digest('hex').slice(0, 12)}`));
}
