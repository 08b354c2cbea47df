/**
 * A Vega-Lite spec -> SVG text, in-process: vega-lite compiles, vega renders with no canvas.
 * Both are loaded on the first render only: a report with every picture up to date (and
 * every other command) does not pay for loading them.
 */
import type { TopLevelSpec } from 'vega-lite';

const silent = {
  level() { return silent; },
  error(...args: unknown[]) { throw new Error(args.join(' ')); },
  warn() { return silent; },
  info() { return silent; },
  debug() { return silent; },
};

let libraries: Promise<[typeof import('vega-lite'), typeof import('vega')]> | null = null;

/** The same spec always gives the same bytes: clip-path and gradient ids are reset before each render. The text ends with a newline. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  libraries ??= Promise.all([import('vega-lite'), import('vega')]);
  const [{ compile }, { parse, View, resetSVGDefIds, Error: ErrorLevel }] = await libraries;
  const vegaSpec = compile(spec, { logger: silent as never }).spec;
  resetSVGDefIds();
  const view = new View(parse(vegaSpec), { renderer: 'none', logLevel: ErrorLevel });
  try {
    return `${await view.toSVG()}\n`;
  } finally {
    view.finalize();
  }
}
