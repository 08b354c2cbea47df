import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { confusionChartSpec } from '../../src/analysis/confusion-chart.js';
import { perDigitAccuracy } from '../../src/analysis/confusion.js';
import { digitPngUrl } from '../../src/analysis/digit-png.js';
import { analysisMessages as m } from '../../src/analysis/messages.js';
import { mostConfidentMistakes } from '../../src/analysis/mistakes.js';
import { mistakesChartSpec } from '../../src/analysis/mistakes-chart.js';
import { mistakesCsv, parseMistakesCsv } from '../../src/analysis/mistakes-file.js';
import { renderSvg } from '../../src/report/render-svg.js';

const renderConfusionSvg = (matrix: number[][], title: { run: string; slice: string }) => renderSvg(confusionChartSpec(matrix, title));
/** The mistakes picture of `pixels` (784 bytes per image), as the report draws it. */
function renderMistakesSvg(pixels: Uint8Array, mistakes: ReturnType<typeof mostConfidentMistakes>, title: { run: string; slice: string }) {
  const imageOf = (index: number) => digitPngUrl(pixels.subarray(index * 784, (index + 1) * 784), 28, 28);
  return renderSvg(mistakesChartSpec(mistakes, { ...title, classes: 10 }, imageOf) as TopLevelSpec);
}

const matrix = Array.from({ length: 10 }, (_, t) => Array.from({ length: 10 }, (_, p) => (t === p ? 900 + t : (t * 7 + p * 3) % 5)));
const title = { run: 'lr-0.5', slice: 'test' };

describe('the confusion heatmap', () => {
  it('is deterministic, titled, on white, with every count written in its cell', async () => {
    const svg = await renderConfusionSvg(matrix, title);
    expect(await renderConfusionSvg(matrix, title)).toBe(svg);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain(m.confusionTitle('lr-0.5', 'test'));
    expect(svg).toMatch(/fill="(white|#fff|#ffffff)"/i);
    for (const count of new Set(matrix.flat())) expect(svg).toContain(`>${count}</text>`);
  });

  it('shows each true digit with its accuracy', async () => {
    const svg = await renderConfusionSvg(matrix, title);
    perDigitAccuracy(matrix).forEach((accuracy, t) => expect(svg).toContain(m.trueLabel(t, accuracy)));
  });

  it('is a Vega-Lite spec with one cell per matrix entry', () => {
    const spec = confusionChartSpec(matrix, title) as { data: { values: unknown[] } };
    expect(spec.data.values).toHaveLength(100);
  });
});

/** n images; image i is confidently wrong (predicts (label + 1) % 10) with probability conf[i], or right. */
function fixture(conf: (number | null)[]) {
  const labels = Uint8Array.from(conf, (_, i) => i % 10);
  const probabilities = new Float64Array(conf.length * 10);
  conf.forEach((c, i) => {
    const predicted = c === null ? labels[i] : (labels[i] + 1) % 10;
    const top = c ?? 0.9;
    for (let k = 0; k < 10; k++) probabilities[i * 10 + k] = k === predicted ? top : (1 - top) / 9;
  });
  return { labels, probabilities };
}

describe('the most confidently wrong digits', () => {
  it('are the wrong predictions with the highest probability, ties by index, at most 16', () => {
    const conf = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? null : [0.99, 0.8, 0.6, 0.99][i % 4]));
    const { labels, probabilities } = fixture(conf);
    const mistakes = mostConfidentMistakes(probabilities, labels);
    expect(mistakes).toHaveLength(16);
    const ranked = conf.map((c, index) => ({ c, index })).filter((x) => x.c !== null).sort((a, b) => b.c! - a.c! || a.index - b.index);
    expect(mistakes.map((x) => x.index)).toEqual(ranked.slice(0, 16).map((x) => x.index));
    expect(mistakes[0]).toEqual({ index: 4, actual: 4, predicted: 5, confidence: expect.closeTo(0.99, 12), doubt: expect.closeTo(0.01, 12) });
    for (const x of mistakes) expect(x.predicted).not.toBe(x.actual);
  });

  it('are drawn as a deterministic SVG grid under 150 KB, with labels and confidence, on its own white background', async () => {
    const { labels, probabilities } = fixture(Array.from({ length: 20 }, (_, i) => 0.5 + i / 50));
    // Noisy digits compress worst: a harder test of the size limit than real MNIST strokes.
    const pixels = Uint8Array.from({ length: 20 * 784 }, (_, i) => (i * 2654435761) % 256);
    const mistakes = mostConfidentMistakes(probabilities, labels);
    const svg = await renderMistakesSvg(pixels, mistakes, title);
    expect(await renderMistakesSvg(pixels, mistakes, title)).toBe(svg);
    expect(Buffer.byteLength(svg)).toBeLessThan(150_000);
    expect(svg).toMatch(/fill="(white|#fff|#ffffff)"/i);
    expect(svg.match(/<image /g)).toHaveLength(16);
    expect(svg).toContain(m.mistakesTitle('lr-0.5', 'test', 16));
    const top = mistakes[0];
    expect(svg).toContain(m.mistakeCaption(top.actual, top.predicted));
    expect(svg).toContain(m.mistakeConfidence(top.confidence, top.doubt));
  });

  it('tell apart probabilities that would all read 100%: ranked by the others\' total, shown as 1 - that', () => {
    const probabilities = new Float64Array(3 * 10);
    const labels = Uint8Array.from([0, 0, 0]);
    [3e-7, 2e-9, 0.02].forEach((doubt, i) => {
      probabilities[i * 10 + 1] = 1 - doubt; // rounds 1 - 2e-9 to the nearest double
      probabilities[i * 10] = doubt;
    });
    const mistakes = mostConfidentMistakes(probabilities, labels);
    expect(mistakes.map((x) => x.index)).toEqual([1, 0, 2]);
    expect(mistakes.map((x) => m.mistakeConfidence(x.confidence, x.doubt))).toEqual(['p = 1 - 2e-9', 'p = 1 - 3e-7', 'p = 0.980']);
    expect(m.mistakeConfidence(1, 0)).toBe('p = 1 (to double precision)');
  });

  it('say so when there are none', async () => {
    const { labels, probabilities } = fixture([null, null]);
    const svg = await renderMistakesSvg(new Uint8Array(2 * 784), mostConfidentMistakes(probabilities, labels), title);
    expect(svg).toContain(m.noMistakes);
  });
});

describe('mistakes-<slice>.csv', () => {
  const probabilities = new Float64Array(30);
  const labels = Uint8Array.from([0, 0, 0]);
  [3e-7, 2e-9, 0.02].forEach((doubt, i) => {
    probabilities[i * 10 + 1] = 1 - doubt;
    probabilities[i * 10] = doubt;
  });
  const mistakes = mostConfidentMistakes(probabilities, labels);

  it('holds each mistake, most confident first, and reads back to the same numbers, doubt included', () => {
    const text = mistakesCsv(mistakes);
    expect(text.split('\n')[0]).toBe('index,true,predicted,probability,doubt');
    expect(text.split('\n')[1]).toBe(`1,0,1,${String(1 - 2e-9)},2e-9`);
    expect(parseMistakesCsv(text, { images: 3, classes: 10 })).toEqual(mistakes);
  });

  it('is refused with what was expected when an index lies outside the split or a class outside the model', () => {
    const text = mistakesCsv(mistakes);
    expect(parseMistakesCsv(text, { images: 2, classes: 10 })).toMatch(/^row 4 to be an image index below 2/);
    expect(parseMistakesCsv(text, { images: 3, classes: 1 })).toMatch(/^row 2 to be/);
    expect(parseMistakesCsv('index,true\n1,2\n', { images: 3, classes: 10 })).toBe('the header index,true,predicted,probability,doubt');
  });

  it('draws the same spec with and without images, but for the images', () => {
    const bare = mistakesChartSpec(mistakes, { run: 'r', slice: 'test', classes: 10 }) as { data: { values: Record<string, unknown>[] } };
    const full = mistakesChartSpec(mistakes, { run: 'r', slice: 'test', classes: 10 }, (i) => `data:${i}`) as { data: { values: Record<string, unknown>[] } };
    expect(full.data.values.map((v) => v.image)).toEqual(['data:1', 'data:0', 'data:2']);
    for (const v of full.data.values) delete v.image;
    expect(full).toEqual(bare);
  });
});
