/** Reading and writing a value at a dotted path of a plain object. */

/** A grid key's path: `training.learning_rate` -> ['training', 'learning_rate']. */
export function splitKey(key: string): string[] {
  return key.split('.');
}

export function getPath(target: unknown, path: readonly string[]): unknown {
  return path.reduce<any>((node, segment) => (node === null || typeof node !== 'object' ? undefined : node[segment]), target);
}

/**
 * Sets `value` at `path`, making mappings where there are none; a list is entered by an index (`model.layers.6.dropout`).
 * Only own keys are entered and keys are defined, not assigned: a path through `__proto__` (an experiment.json's spec is
 * planned as it is found, report/experiment-plan.ts) sets a key of that name, never Object.prototype.
 */
export function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node: Record<string, unknown> = target;
  path.slice(0, -1).forEach((segment, i) => {
    const next = Object.hasOwn(node, segment) ? node[segment] : undefined;
    const entered = Array.isArray(next) ? /^\d+$/.test(path[i + 1]) : next !== null && typeof next === 'object';
    if (!entered) define(node, segment, {});
    node = node[segment] as Record<string, unknown>;
  });
  define(node, path[path.length - 1], value);
}

function define(node: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
}
