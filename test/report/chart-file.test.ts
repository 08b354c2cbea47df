/**
 * A picture's files (report/chart-file.ts): `<path>.svg` and `<path>.vl.json`, written when the
 * spec changed or the SVG is not whole, kept otherwise; the spec is the picture's cache key.
 * The renderer is replaced by one that writes the spec into the SVG, so that the tests see
 * what was rendered, and when.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isDrawn, specText, writeChart, type ChartFile } from '../../src/report/chart-file.js';
import { scratchDir } from '../helpers/folders.js';

const calls = vi.hoisted(() => ({ rendered: [] as unknown[], written: [] as string[] }));
vi.mock('../../src/report/render-svg.js', () => ({
  renderSvg: async (spec: unknown) => (calls.rendered.push(spec), `<svg>${JSON.stringify(spec)}</svg>\n`),
  renderEarly: () => {},
}));
vi.mock('../../src/results/atomic.js', async (original) => {
  const real = await original<typeof import('../../src/results/atomic.js')>();
  return { ...real, writeFileAtomic: (path: string, data: string) => (calls.written.push(path), real.writeFileAtomic(path, data)) };
});

beforeEach(() => {
  calls.rendered.length = 0;
  calls.written.length = 0;
});

const PATH = 'charts/runs/lr-0.5/loss';

function lossChart(title = 'loss'): ChartFile {
  const spec = { title, mark: 'line', data: { values: [{ x: 0, y: 2.3 }, { x: 1, y: 1.1 }] } } as TopLevelSpec;
  return { path: PATH, title, spec };
}

/** A chart whose spec is completed with an image for each data value, as the mistakes pictures are. */
function mistakesChart(complete: boolean | 'no data' = true): ChartFile {
  const values = [{ index: 7, actual: 3 }, { index: 9, actual: 5 }];
  const spec = (complete === 'no data' ? { mark: 'image' } : { mark: 'image', data: { values } }) as TopLevelSpec;
  const withImages = (): TopLevelSpec | null =>
    complete === false ? null
      : complete === 'no data' ? spec
        : ({ ...spec, data: { values: values.map((v) => ({ ...v, image: `data:image/png;base64,${v.index}` })) } } as TopLevelSpec);
  return { path: 'charts/runs/lr-0.5/mistakes-test', title: 'mistakes', spec, withImages };
}

const files = (dir: string, chart: ChartFile) => ({ svg: join(dir, `${chart.path}.svg`), spec: join(dir, `${chart.path}.vl.json`) });

describe('writing a picture', () => {
  it('renders its spec to <path>.svg and writes the spec beside it as <path>.vl.json, the SVG first, and says it drew it', async () => {
    const dir = scratchDir('chart-file');
    const chart = lossChart();
    expect(isDrawn(dir, chart)).toBe(false);
    expect(await writeChart(dir, chart)).toBe('drawn');
    const { svg, spec } = files(dir, chart);
    expect(calls.rendered).toEqual([chart.spec]);
    expect(readFileSync(svg, 'utf8')).toBe(`<svg>${JSON.stringify(chart.spec)}</svg>\n`);
    expect(readFileSync(spec, 'utf8')).toBe(`${JSON.stringify(chart.spec)}\n`);
    expect(specText(chart.spec)).toBe(`${JSON.stringify(chart.spec)}\n`);
    // a process killed between the two leaves an old spec beside a new SVG, which draws again next time
    expect(calls.written).toEqual([svg, spec]);
    expect(isDrawn(dir, chart)).toBe(true);
  });

  it('keeps a picture whose spec is unchanged and whose SVG is whole: nothing rendered, nothing written', async () => {
    const dir = scratchDir('chart-file');
    await writeChart(dir, lossChart());
    calls.rendered.length = 0;
    calls.written.length = 0;
    expect(await writeChart(dir, lossChart())).toBe('kept');
    expect(calls.rendered).toEqual([]);
    expect(calls.written).toEqual([]);
  });

  it('draws it again when its spec changed, and the files then hold the new spec', async () => {
    const dir = scratchDir('chart-file');
    await writeChart(dir, lossChart());
    const renamed = lossChart('loss of lr-0.5');
    expect(isDrawn(dir, renamed)).toBe(false);
    expect(await writeChart(dir, renamed)).toBe('drawn');
    expect(readFileSync(files(dir, renamed).spec, 'utf8')).toBe(specText(renamed.spec));
    expect(readFileSync(files(dir, renamed).svg, 'utf8')).toContain('loss of lr-0.5');
  });

  it('draws it again when its SVG is missing, empty, cut short or not an SVG, or its spec file is missing', async () => {
    const damages: [string, (svg: string, spec: string) => void][] = [
      ['SVG removed', (svg) => rmSync(svg)],
      ['SVG empty', (svg) => writeFileSync(svg, '')],
      ['SVG cut short', (svg) => writeFileSync(svg, readFileSync(svg, 'utf8').slice(0, 20))],
      ['SVG without its start', (svg) => writeFileSync(svg, readFileSync(svg, 'utf8').slice(1))],
      ['an HTML page in place of the SVG', (svg) => writeFileSync(svg, '<html><svg></svg></html>\n')],
      ['spec removed', (_svg, spec) => rmSync(spec)],
      ['spec emptied', (_svg, spec) => writeFileSync(spec, '')],
    ];
    for (const [what, damage] of damages) {
      const dir = scratchDir('chart-file');
      const chart = lossChart();
      await writeChart(dir, chart);
      const { svg, spec } = files(dir, chart);
      damage(svg, spec);
      expect(isDrawn(dir, chart), what).toBe(false);
      expect(await writeChart(dir, chart), what).toBe('drawn');
      expect(isDrawn(dir, chart), what).toBe(true);
    }
  });

  it('keeps a picture checked out with CRLF line endings, or whose SVG ends in blank lines', async () => {
    const dir = scratchDir('chart-file');
    const chart = lossChart();
    await writeChart(dir, chart);
    const { svg, spec } = files(dir, chart);
    writeFileSync(svg, '<svg>\r\n<g/>\r\n</svg>\r\n\r\n  \n');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace(/\n/g, '\r\n'));
    expect(isDrawn(dir, chart)).toBe(true);
    expect(await writeChart(dir, chart)).toBe('kept');
  });

  it('draws a plain picture again when its spec file was edited, even only reformatted or given images', async () => {
    const dir = scratchDir('chart-file');
    const chart = lossChart();
    await writeChart(dir, chart);
    const { spec } = files(dir, chart);
    writeFileSync(spec, `${JSON.stringify(chart.spec, null, 2)}\n`);
    expect(isDrawn(dir, chart)).toBe(false);
    const withImages = chart.spec as unknown as { data: { values: object[] } };
    writeFileSync(spec, specText({ ...withImages, data: { values: withImages.data.values.map((v) => ({ ...v, image: 'x' })) } } as unknown as TopLevelSpec));
    expect(isDrawn(dir, chart)).toBe(false);
  });
});

describe('writing a picture completed with images', () => {
  it('writes the spec with its images to both files, and keeps it next time without reading the images: they are left out of the comparison', async () => {
    const dir = scratchDir('chart-file');
    const chart = mistakesChart();
    const complete = chart.withImages!()!;
    expect(await writeChart(dir, chart)).toBe('drawn');
    expect(calls.rendered).toEqual([complete]);
    expect(readFileSync(files(dir, chart).spec, 'utf8')).toBe(specText(complete));
    expect(readFileSync(files(dir, chart).spec, 'utf8')).toContain('data:image/png;base64,9');

    const again = { ...mistakesChart(), withImages: vi.fn(mistakesChart().withImages!) };
    expect(isDrawn(dir, again)).toBe(true);
    expect(await writeChart(dir, again)).toBe('kept');
    expect(again.withImages).not.toHaveBeenCalled();
  });

  it("draws it again when a value other than its image changed, or its spec file is not JSON", async () => {
    const dir = scratchDir('chart-file');
    const chart = mistakesChart();
    await writeChart(dir, chart);
    const { spec } = files(dir, chart);
    const written = readFileSync(spec, 'utf8');
    writeFileSync(spec, written.replace('"actual":5', '"actual":6'));
    expect(isDrawn(dir, chart)).toBe(false);
    writeFileSync(spec, written.slice(0, 30));
    expect(isDrawn(dir, chart)).toBe(false);
    writeFileSync(spec, written.replace(/\n/g, '\r\n'));
    expect(isDrawn(dir, chart)).toBe(true);
  });

  it('keeps one whose spec has no data values', async () => {
    const dir = scratchDir('chart-file');
    const chart = mistakesChart('no data');
    expect(await writeChart(dir, chart)).toBe('drawn');
    expect(await writeChart(dir, chart)).toBe('kept');
  });

  it("says 'missing' and writes nothing when its images cannot be read", async () => {
    const dir = scratchDir('chart-file');
    const chart = mistakesChart(false);
    expect(await writeChart(dir, chart)).toBe('missing');
    expect(calls.rendered).toEqual([]);
    expect(existsSync(files(dir, chart).svg)).toBe(false);
    expect(existsSync(files(dir, chart).spec)).toBe(false);
  });
});
