/** A Vega-Lite spec -> SVG text, in-process: vega-lite compiles, vega renders with no canvas. */
import { compile, type TopLevelSpec } from 'vega-lite';
import { parse, View, resetSVGDefIds, Error as ErrorLevel } from 'vega';

const silent = {
  level() { return silent; },
  error(...args: unknown[]) { throw new Error(args.join(' ')); },
  warn() { return silent; },
  info() { return silent; },
  debug() { return silent; },
};

/** The same spec always gives the same bytes: clip-path and gradient ids are reset before each render. The text ends with a newline. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vegaSpec = compile(spec, { logger: silent as never }).spec;
  resetSVGDefIds();
  const view = new View(parse(vegaSpec), { renderer: 'none', logLevel: ErrorLevel });
  try {
    return `${await view.toSVG()}\n`;
  } finally {
    view.finalize();
  }
}
