/**
 * JSON Schema's `uniqueItems` in linear time. Ajv compares every pair of items when their type
 * is not fixed (as a grid list's is not): 80,000 values took half a minute. This keyword keeps
 * Ajv's meaning (deep equality, mapping keys in any order) and its error, the last item that
 * repeats an earlier one (`i`) and the nearest earlier copy (`j`), found with one pass over a map.
 */
import type { CodeKeywordDefinition } from 'ajv';

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

/** What the keyword's generated code needs from Ajv (its code builders), passed in so that this module does not load Ajv. */
export interface Codegen {
  _: typeof import('ajv')._;
  str: typeof import('ajv').str;
}

/**
 * The keyword, as code Ajv generates into the validator (so it can be written out as
 * standalone code, schema.ts): a call to `lastDuplicate`, which the standalone module
 * imports under that name, and Ajv's own error for it.
 */
export function uniqueItemsKeyword({ _, str }: Codegen): CodeKeywordDefinition {
  return {
    keyword: 'uniqueItems',
    type: 'array',
    schemaType: 'boolean',
    error: {
      message: ({ params }) => str`must NOT have duplicate items (items ## ${params.j} and ${params.i} are identical)`,
      params: ({ params }) => _`{i: ${params.i}, j: ${params.j}}`,
    },
    code(cxt) {
      if (!cxt.schema) return;
      const find = cxt.gen.scopeValue('func', { ref: lastDuplicate, code: _`lastDuplicate` });
      const duplicate = cxt.gen.const('duplicate', _`${find}(${cxt.data})`);
      cxt.setParams({ i: _`${duplicate}.i`, j: _`${duplicate}.j` });
      cxt.fail(_`${duplicate} !== null`);
    },
  };
}
