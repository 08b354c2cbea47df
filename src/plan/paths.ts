/** Reading and writing a value at a dotted path of a plain object. */

/** A grid key's path: `training.learning_rate` -> ['training', 'learning_rate']. */
export function splitKey(key: string): string[] {
  return key.split('.');
}

export function getPath(target: unknown, path: readonly string[]): unknown {
  return path.reduce<any>((node, segment) => (node === null || typeof node !== 'object' ? undefined : node[segment]), target);
}

/** Sets `value` at `path`, making mappings where there are none. */
export function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node: Record<string, unknown> = target;
  for (const segment of path.slice(0, -1)) {
    const next = node[segment];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}
