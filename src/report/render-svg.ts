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

/**
 * Starts rendering `spec` in the background, for a renderSvg of the same spec later. An
 * early render first lets the events waiting be handled, and again between its steps: a
 * run's pictures rendered back to back, 60 ms each, kept the runner from answering its
 * workers, which went idle for 0.4 s of the flagship's 5 s.
 */
export function renderEarly(spec: TopLevelSpec): void {
  const key = JSON.stringify(spec);
  if (!early.has(key)) early.set(key, inTurn(() => eventsHandled().then(() => render(spec))).catch(() => null));
}

/** Resolves once the events waiting now (a worker's message) have been handled. */
const eventsHandled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The same spec always gives the same bytes: clip-path and gradient ids are reset before each render. The text ends with a newline. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const key = JSON.stringify(spec);
  const rendered = early.get(key);
  early.delete(key);
  return (rendered && (await rendered)) ?? inTurn(() => render(spec));
}

/** Compiles, parses, runs and draws, letting the events waiting be handled between the steps (each up to 20 ms). */
async function render(spec: TopLevelSpec): Promise<string> {
  const [{ compile }, { parse, View, resetSVGDefIds, Error: ErrorLevel }] = await loadRenderer();
  const vegaSpec = compile(spec, { logger: silent as never }).spec;
  await eventsHandled();
  resetSVGDefIds();
  const view = new View(parse(vegaSpec), { renderer: 'none', logLevel: ErrorLevel });
  try {
    await eventsHandled();
    await view.runAsync();
    await eventsHandled();
    return `${await view.toSVG()}\n`;
  } finally {
    view.finalize();
  }
}
