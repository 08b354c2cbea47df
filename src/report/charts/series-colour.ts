/**
 * The colour of each line of the comparison charts: a numeric compared key (a learning
 * rate) on a continuous scale with a gradient legend, log-spaced when its values span a
 * factor of 10 or more; any other key (an optimizer) one palette colour per value.
 */
import { keyWords } from '../words.js';
import type { Line } from '../report-input.js';
import { PALETTE } from './theme.js';

/** Values spanning at least this factor get a log colour scale. */
const LOG_SPAN = 10;

export interface SeriesColour {
  /** Encodings to spread into a layer: `lines` for line marks (with the legend), `fills` for areas, points and text. */
  lines: Record<string, unknown>;
  fills: Record<string, unknown>;
  continuous: boolean;
}

export function seriesColour(lines: Line[], key: string | null): SeriesColour {
  const values = lines.map((l) => l.value);
  if (key !== null && values.length > 0 && values.every((v): v is number => v !== null)) {
    const least = Math.min(...values);
    const most = Math.max(...values);
    const log = least > 0 && most / least >= LOG_SPAN;
    const encoding = {
      field: 'value', type: 'quantitative',
      scale: { type: log ? 'log' : 'linear', domain: least === most ? [least, least + 1] : [least, most], scheme: { name: 'plasma', extent: [0, 0.85] } },
    };
    // stroke and fill apart, on fields of their own (`tint` repeats `value`) with the same scale:
    // Vega draws a gradient legend only for a legend of one channel, and Vega-Lite merges the legends of one field
    return {
      continuous: true,
      lines: { stroke: { ...encoding, legend: { title: keyWords(key), gradientLength: 160 } } },
      fills: { fill: { ...encoding, field: 'tint', legend: null } },
    };
  }
  const color = { field: 'series', type: 'nominal', scale: { domain: [...new Set(lines.map((l) => l.series))], range: PALETTE }, legend: { title: null } };
  return { continuous: false, lines: { color }, fills: { color } };
}
