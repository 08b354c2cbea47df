/**
 * JSON Schema's `uniqueItems` in linear time. Ajv compares every pair of items when their type
 * is not fixed (as a grid list's is not): 80,000 values took half a minute. This keyword keeps
 * Ajv's meaning (deep equality, mapping keys in any order) and its error, the last item that
 * repeats an earlier one (`i`) and the nearest earlier copy (`j`), found with one pass over a map.
 */
import type { KeywordDefinition } from 'ajv';

/** A text equal for deeply equal values only (mappings' keys sorted, types kept apart). */
export function sameValueKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sameValueKey).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${sameValueKey((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  if (typeof value === 'number') return Object.is(value, -0) ? '0' : String(value);
  return typeof value === 'string' ? JSON.stringify(value) : `${typeof value}:${String(value)}`;
}

/** The pair Ajv would report, or null when every item differs. */
export function lastDuplicate(items: readonly unknown[]): { i: number; j: number } | null {
  const lastSeen = new Map<string, number>();
  let found: { i: number; j: number } | null = null;
  items.forEach((item, i) => {
    const key = sameValueKey(item);
    const j = lastSeen.get(key);
    if (j !== undefined) found = { i, j };
    lastSeen.set(key, i);
  });
  return found;
}

export const uniqueItemsKeyword: KeywordDefinition = {
  keyword: 'uniqueItems',
  type: 'array',
  schemaType: 'boolean',
  errors: true,
  validate: function validate(unique: boolean, data: unknown[]): boolean {
    const duplicate = unique ? lastDuplicate(data) : null;
    (validate as { errors?: unknown[] }).errors = duplicate
      ? [{ keyword: 'uniqueItems', params: duplicate, message: `must NOT have duplicate items (items ## ${duplicate.j} and ${duplicate.i} are identical)` }]
      : [];
    return duplicate === null;
  },
};
