/** The dotted keys whose values differ between two configs (`training.learning_rate`), for "settings changed (...)". */
import { canonicalJson } from '../plan/hash.js';

export function changedKeys(before: unknown, after: unknown, prefix = ''): string[] {
  const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isMapping(before) || !isMapping(after)) {
    return canonicalJson(before ?? null) === canonicalJson(after ?? null) ? [] : [prefix];
  }
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return keys.flatMap((key) => changedKeys(before[key], after[key], prefix ? `${prefix}.${key}` : key));
}
