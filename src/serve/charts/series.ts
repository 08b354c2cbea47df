/** What every interactive chart draws: runs, each with a label (its colour and legend entry) and its settings in words. */
import type { RunResult } from '../../results/types.js';
import { SCHEMA } from '../../report/charts/theme.js';

export interface Series {
  /** Unique across the chart: the run's id, or `experiment/run` in the compare view. */
  label: string;
  /** The run's varying values in one line, for the tooltip. */
  settings: string;
  result: RunResult;
}

export { SCHEMA };

/** The name of the legend's selection: click an entry to show only that run, shift-click for more, double-click for all. */
export const SHOWN = 'shown';

/** Colour by run, and the legend that shows and hides runs. */
export function runColour(series: Series[]) {
  return {
    field: 'run',
    type: 'nominal',
    title: 'run',
    scale: { domain: series.map((s) => s.label), scheme: series.length > 10 ? 'category20' : 'tableau10' },
  } as const;
}

export const legendSelection = { name: SHOWN, select: { type: 'point', fields: ['run'] }, bind: 'legend' } as const;

/** Runs left out by the legend stay faint, so the chart keeps its shape. */
export const shownOpacity = { condition: { param: SHOWN, value: 1 }, value: 0.06 } as const;

/** The chart's look: that of the committed charts, a little wider. */
export const look = {
  background: 'white',
  font: 'Helvetica, Arial, sans-serif',
  padding: 8,
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260, symbolType: 'stroke', symbolStrokeWidth: 2.5 },
  view: { stroke: '#ccc' },
} as const;

/**
 * Each run's settings, joined to the chart's rows by run for the tooltip: written once per run
 * rather than on each of its hundreds of points (a 200-run grid's page is then a third smaller).
 */
export function settingsLookup(series: Series[]) {
  return {
    lookup: 'run',
    from: { data: { values: series.map((s) => ({ run: s.label, settings: s.settings })) }, key: 'run', fields: ['settings'] },
  } as const;
}

/** Lines get a point per value (for its tooltip) only up to this many points in the chart; past it they would be too many to draw. */
export const MAX_POINTS = 6000;

export function lineMark(points: number) {
  return points <= MAX_POINTS ? { type: 'line', strokeWidth: 1.5, point: { size: 12 } } : { type: 'line', strokeWidth: 1.5 };
}
