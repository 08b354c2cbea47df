/**
 * Numbers as text in every CSV we write. A float is written as JavaScript's shortest
 * round-trip form, `String(x)`, so reading it back with `Number` gives the identical
 * double; NaN is written `NaN`, infinities `Infinity` / `-Infinity`, negative zero `-0`.
 */

const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

export function formatNumber(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

/** The number a cell holds, or null when the text is not one written by `formatNumber`. */
export function parseNumber(text: string): number | null {
  if (text === 'NaN') return NaN;
  if (text === 'Infinity') return Infinity;
  if (text === '-Infinity') return -Infinity;
  return NUMBER.test(text) ? Number(text) : null;
}
