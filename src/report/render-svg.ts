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

type Libraries = [typeof import('vega-lite'), typeof import('vega')];
let libraries: Promise<Libraries> | null = null;

/** Loads vega-lite and vega, once (about 0.4 s of CPU): the runner starts it early, so that the report need not wait for them. */
export function loadRenderer(): Promise<Libraries> {
  return (libraries ??= Promise.all([import('vega-lite'), import('vega')]));
}

/** The same spec always gives the same bytes: clip-path and gradient ids are reset before each render. The text ends with a newline. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [{ compile }, { parse, View, resetSVGDefIds, Error: ErrorLevel }] = await loadRenderer();
  const vegaSpec = compile(spec, { logger: silent as never }).spec;
  resetSVGDefIds();
  const view = new View(parse(vegaSpec), { renderer: 'none', logLevel: ErrorLevel });
  try {
    return `${await view.toSVG()}\n`;
  } finally {
    view.finalize();
  }
}
