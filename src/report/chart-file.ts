/**
 * A picture of the report as data: where it goes, its Vega-Lite spec, and how to complete
 * the spec with inline images (the mistakes pictures). Each is written as `<path>.vl.json`
 * (the spec, self-contained: it opens in the Vega editor) beside `<path>.svg`, and drawn
 * again only when its spec changed or its SVG is gone: the spec is the picture's cache key.
 */
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { writeFileAtomic } from '../results/atomic.js';
import { renderSvg } from './render-svg.js';
import { readTextIfThere } from './write-files.js';

export interface ChartFile {
  /** Inside the results folder, without extension: `charts/loss`, `charts/runs/lr-0.5/chart`. */
  path: string;
  title: string;
  spec: TopLevelSpec;
  /** The spec with its images (field `image` of each data value), or null when they cannot be read. */
  withImages?: () => TopLevelSpec | null;
}

export const SVG = '.svg';
export const VEGA_LITE = '.vl.json';

export function specText(spec: TopLevelSpec): string {
  return `${JSON.stringify(spec)}\n`;
}

/** 'drawn' (rendered now), 'kept' (already up to date) or 'missing' (its images cannot be read). */
export type ChartState = 'drawn' | 'kept' | 'missing';

/** Whether the chart's files are there and drawn from its spec: then it is not drawn again. */
export function isDrawn(resultsDir: string, chart: ChartFile): boolean {
  const base = join(resultsDir, chart.path);
  return upToDate(read(base + VEGA_LITE), chart) && isWholeSvg(read(base + SVG));
}

export async function writeChart(resultsDir: string, chart: ChartFile): Promise<ChartState> {
  const base = join(resultsDir, chart.path);
  if (isDrawn(resultsDir, chart)) return 'kept';
  const spec = chart.withImages ? chart.withImages() : chart.spec;
  if (spec === null) return 'missing';
  // the SVG first: a process killed between the two leaves an old spec, which draws again next time
  writeFileAtomic(base + SVG, await renderSvg(spec));
  writeFileAtomic(base + VEGA_LITE, specText(spec));
  return 'drawn';
}

/** Whether `written` (a .vl.json's text) is this chart's spec; images aside for a chart that adds them. */
function upToDate(written: string | null, chart: ChartFile): boolean {
  if (written === null) return false;
  if (!chart.withImages) return written === specText(chart.spec);
  try {
    const spec = JSON.parse(written) as { data?: { values?: Record<string, unknown>[] } };
    for (const value of spec.data?.values ?? []) delete value.image;
    return specText(spec as TopLevelSpec) === specText(chart.spec);
  } catch {
    return false;
  }
}

function isWholeSvg(text: string | null): boolean {
  return text !== null && text.startsWith('<svg') && text.trimEnd().endsWith('</svg>');
}

/** A file's text with CRLF read as LF (a checkout with CRLF endings is up to date), or null. */
function read(path: string): string | null {
  return readTextIfThere(path)?.replace(/\r\n/g, '\n') ?? null;
}
