/**
 * A Vega-Lite spec -> SVG text, in-process: vega-lite compiles, vega renders with no canvas.
 * Both are loaded on the first render only: a report with every picture up to date (and
 * every other command) does not pay for loading them. Renders run one at a time, in the
 * order asked (vega numbers its SVG ids from a counter every render resets), and a spec
 * rendered early (renderEarly: the runner draws a finished run's pictures while the last
 * run trains) is not rendered again.
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

/** The renders asked for, one after another. */
let last: Promise<unknown> = Promise.resolve();
/** Renders asked for early, by their spec's text: the SVG, or null when the render failed (it is then done again, to fail where it is needed). */
const early = new Map<string, Promise<string | null>>();

function inTurn<T>(render: () => Promise<T>): Promise<T> {
  const result = last.then(render, render);
  last = result.catch(() => {});
  return result;
}

/** Starts rendering `spec` in the background, for a renderSvg of the same spec later. */
export function renderEarly(spec: TopLevelSpec): void {
  const key = JSON.stringify(spec);
  if (!early.has(key)) early.set(key, inTurn(() => render(spec)).catch(() => null));
}

/** The same spec always gives the same bytes: clip-path and gradient ids are reset before each render. The text ends with a newline. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const key = JSON.stringify(spec);
  const rendered = early.get(key);
  early.delete(key);
  return (rendered && (await rendered)) ?? inTurn(() => render(spec));
}

async function render(spec: TopLevelSpec): Promise<string> {
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
