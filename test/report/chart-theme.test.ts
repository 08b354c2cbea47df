/**
 * The look every chart shares, as rendered: a white background (readable on GitHub's dark
 * pages), one plain font, no text under 11 px, the title the largest text and set at the
 * left, the subtitle in grey, light gridlines inside a darker frame, legend symbols drawn as
 * strokes and room for a long setting's label; tableau10's colours,
 * and the schema of the Vega-Lite that draws them.
 */
import { scheme } from 'vega';
import { version as vegaLiteVersion, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { accuracyChart } from '../../src/report/charts/accuracy-chart.js';
import { finalChart } from '../../src/report/charts/final-chart.js';
import { lossChart } from '../../src/report/charts/loss-chart.js';
import { runChart } from '../../src/report/charts/run-chart.js';
import { PALETTE, SCHEMA } from '../../src/report/charts/theme.js';
import { renderSvg } from '../../src/report/render-svg.js';
import type { ReportInput } from '../../src/report/report-input.js';
import { makePlan, makeResult } from './fixtures.js';

/** Thirteen runs: past a dozen, so that a final chart is drawn too. */
function input(): ReportInput {
  const plan = makePlan(Array.from({ length: 13 }, (_, k) => 0.1 * (k + 1)), 1, 300);
  return { spec: plan.spec, varying: plan.varying, results: plan.runs.map((run, k) => makeResult(run, 'completed', { rate: 0.3 + k / 10 })) };
}

/** Each chart the report draws, by name. */
function charts(): [string, TopLevelSpec][] {
  const i = input();
  return [
    ['loss', lossChart(i)],
    ['accuracy', accuracyChart(i)],
    ['final', finalChart(i)!.spec],
    ['run', runChart(i.results[1], ['train', 'test'], 'lr-0.2')],
  ];
}

/** A text element: its attributes, and its first line (a multi-line text's lines are tspans). */
interface Text { attrs: Record<string, string>; content: string }

function texts(svg: string): Text[] {
  return [...svg.matchAll(/<text([^>]*)>(.*?)<\/text>/g)].map(([, attrs, inner]) => ({
    attrs: Object.fromEntries([...attrs.matchAll(/([\w-]+)="([^"]*)"/g)].map(([, k, v]) => [k, v])),
    content: inner.split(/<[^>]*>/).find((line) => line !== '') ?? '',
  }));
}

const px = (t: Text): number => Number.parseFloat(t.attrs['font-size']);
const titleOf = (spec: TopLevelSpec): { text: string; subtitle: string | string[] } => (spec as unknown as { title: { text: string; subtitle: string | string[] } }).title;

describe('every chart, as rendered', () => {
  it('has a white background, one plain font and no text under 11 px', async () => {
    for (const [name, spec] of charts()) {
      const svg = await renderSvg(spec);
      expect(svg, name).toMatch(/^<svg[^>]*><rect [^>]*fill="white"\/>/);
      const all = texts(svg);
      expect(all.length, name).toBeGreaterThan(10);
      expect(new Set(all.map((t) => t.attrs['font-family'])), name).toEqual(new Set(['Helvetica, Arial, sans-serif']));
      expect(Math.min(...all.map(px)), name).toBeGreaterThanOrEqual(11);
    }
  });

  it('sets its title at the left, larger than any other text, and its subtitle in grey', async () => {
    for (const [name, spec] of charts()) {
      const all = texts(await renderSvg(spec));
      const { text, subtitle } = titleOf(spec);
      const title = all.filter((t) => t.content === text);
      expect(title, name).toHaveLength(1);
      expect(title[0].attrs['text-anchor'], name).toBe('start');
      expect(px(title[0]), name).toBeGreaterThan(Math.max(...all.filter((t) => t !== title[0]).map(px)));
      const first = [subtitle].flat()[0];
      const sub = all.find((t) => t.content === first);
      expect(sub, name).toBeDefined();
      const [r, g, b] = [1, 2, 3].map((i) => Number.parseInt(sub!.attrs.fill.slice(i, i + 1), 16));
      expect(sub!.attrs.fill, name).toMatch(/^#[0-9a-f]{3}$/);
      expect([g, b], name).toEqual([r, r]);
      expect(r, name).toBeGreaterThan(2);
      expect(r, name).toBeLessThan(12);
    }
  });

  it('draws light grey gridlines, and a frame around the plot at least 16 levels darker so that its edge shows', async () => {
    const grey = (colour: string): number => {
      const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(colour.slice(i, i + 2), 16));
      expect([g, b], colour).toEqual([r, r]);
      return r;
    };
    const full = (colour: string): string => (colour.length === 4 ? `#${[...colour.slice(1)].map((c) => c + c).join('')}` : colour);
    for (const [name, spec] of charts()) {
      const svg = await renderSvg(spec);
      const grid = [...svg.matchAll(/role-axis-grid[^>]*>(.*?)<\/g>/g)].flatMap(([, lines]) => [...lines.matchAll(/stroke="([^"]*)"/g)].map(([, c]) => c));
      expect(grid.length, name).toBeGreaterThan(0);
      const frames = [...svg.matchAll(/class="background"[^>]*d="M0.5,0.5h[^"]*"[^>]*stroke="([^"]*)"/g)].map(([, c]) => c);
      expect(frames.length, name).toBeGreaterThan(0);
      const lightest = Math.min(...grid.map((c) => grey(full(c))));
      expect(lightest, name).toBeGreaterThanOrEqual(0xd0);
      for (const frame of frames) expect(grey(full(frame)), name).toBeLessThanOrEqual(lightest - 16);
    }
  });

  it('shows each series in the legend as a short stroke, like the line it names', async () => {
    const svg = await renderSvg(runChart(input().results[0], ['train', 'test'], 'lr-0.1'));
    const symbols = [...svg.matchAll(/role-legend-symbol[^>]*>(.*?)<\/g>/g)].flatMap(([, paths]) => [...paths.matchAll(/ d="([^"]*)"/g)].map(([, d]) => d));
    expect(symbols).toHaveLength(3);
    for (const d of symbols) expect(d).toMatch(/^M-?[\d.]+,0L-?[\d.]+,0$/);
  });

  it('gives a legend label of 29 characters room enough to show it whole', async () => {
    const plan = makePlan([0.1, 0.2, 0.3], 1, 300);
    const words = ['slowest-setting', 'fast', 'medium'];
    const results = plan.runs.map((run, k) => {
      const result = makeResult(run, 'completed');
      return { ...result, run: { ...result.run, values: { 'training.learning_rate': words[k] } } };
    });
    const all = texts(await renderSvg(lossChart({ spec: plan.spec, varying: plan.varying, results })));
    expect(all.map((t) => t.content)).toContain('learning rate slowest-setting');
  });
});

describe('the colours and the schema', () => {
  it("are tableau10's ten colours, so that a series keeps its colour from chart to chart", () => {
    expect(PALETTE).toEqual(scheme('tableau10'));
  });

  it('name the schema of the Vega-Lite the charts are drawn with', () => {
    expect(SCHEMA).toBe(`https://vega.github.io/schema/vega-lite/v${vegaLiteVersion.split('.')[0]}.json`);
    for (const [name, spec] of charts()) expect(spec.$schema, name).toBe(SCHEMA);
  });
});
