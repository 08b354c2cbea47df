/** The look shared by every chart: white background (readable on GitHub's light and dark pages), plain fonts. */
import type { Config } from 'vega-lite';

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export const config: Config = {
  background: 'white',
  font: 'Helvetica, Arial, sans-serif',
  padding: 12,
  title: { fontSize: 15, subtitleFontSize: 11, subtitleColor: '#555', anchor: 'start', offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 320, symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: 2.5 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  view: { stroke: '#ccc' },
};

/** Lines show a point per evaluation only up to this many evaluations (points make SVGs large). */
export const MAX_MARKED_EVALUATIONS = 25;

/** A line mark, with a point per value when there are few enough of them. */
export function lineMark(evaluations: number): { type: 'line'; strokeWidth: number; point?: { size: number } } {
  return evaluations <= MAX_MARKED_EVALUATIONS
    ? { type: 'line', strokeWidth: 1.5, point: { size: 18 } }
    : { type: 'line', strokeWidth: 1.5 };
}

/** tableau10, so a series keeps its colour across the loss and accuracy charts. */
export const PALETTE = [
  '#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b',
  '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac',
];
