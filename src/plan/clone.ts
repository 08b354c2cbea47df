/**
 * A deep copy of plain data: what YAML and JSON give (objects, arrays, strings, numbers,
 * booleans, null). For such values it is what structuredClone gives, several times faster:
 * expanding a spec copies its fixed settings once or twice a run, a thousand times for a
 * thousand-run grid.
 */
export function clonePlain<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clonePlain) as T;
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) copy[key] = clonePlain((value as Record<string, unknown>)[key]);
    return copy as T;
  }
  return value;
}
