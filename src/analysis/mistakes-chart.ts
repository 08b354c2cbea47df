/**
 * The images a model gets most confidently wrong, as a Vega-Lite grid (pure): each image
 * with its true and predicted class, the probability it gave, and its index in the split.
 * The images are inline PNG data URLs (field `image`), so the spec is self-contained; they
 * are added by `imageOf`, and a spec built without them is the same spec less that field.
 */
import type { TopLevelSpec } from 'vega-lite';
import { classWord } from './class-word.js';
import type { Mistake } from './mistakes.js';
import { analysisMessages as m } from './messages.js';

const COLUMNS = 4;
const CELL_W = 150;
const CELL_H = 142;
const SIDE = 84;

export function mistakesChartSpec(
  mistakes: Mistake[],
  title: { run: string; slice: string; classes: number },
  imageOf?: (index: number) => string,
): TopLevelSpec {
  const values = mistakes.map((x, n) => ({
    // each cell's top-left corner, in pixels
    x: (n % COLUMNS) * CELL_W,
    y: Math.floor(n / COLUMNS) * CELL_H,
    caption: m.mistakeCaption(x.actual, x.predicted),
    probability: m.mistakeConfidence(x.confidence, x.doubt),
    label: m.mistakeIndex(x.index),
    ...(imageOf ? { image: imageOf(x.index) } : {}),
  }));
  const at = (field: 'x' | 'y') => ({ field, type: 'quantitative', scale: null });
  const text = (dy: number, field: string, style: Record<string, unknown> = {}) => ({
    mark: { type: 'text', fontSize: 11, dx: CELL_W / 2, dy, ...style },
    encoding: { x: at('x'), y: at('y'), text: { field } },
  });
  const head = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: m.mistakesTitle(title.run, title.slice, mistakes.length, classWord(title.classes)), anchor: 'start', fontSize: 14 },
    background: 'white',
    config: { font: 'sans-serif', view: { stroke: null } },
    width: COLUMNS * CELL_W,
  };
  if (values.length === 0) {
    return { ...head, height: 60, data: { values: [{ note: m.noMistakes }] }, mark: { type: 'text', fontSize: 12 }, encoding: { text: { field: 'note' } } } as unknown as TopLevelSpec;
  }
  const left = (CELL_W - SIDE) / 2;
  return {
    ...head,
    height: Math.ceil(values.length / COLUMNS) * CELL_H,
    data: { values },
    layer: [
      {
        mark: { type: 'image', width: SIDE, height: SIDE, aspect: false, align: 'left', baseline: 'top', xOffset: left, yOffset: 2, aria: false },
        encoding: { x: at('x'), y: at('y'), url: { field: 'image', type: 'nominal' } },
      },
      {
        mark: { type: 'rect', fill: null, stroke: '#999', strokeWidth: 1, aria: false, width: SIDE + 1, height: SIDE + 1, xOffset: left + SIDE / 2, yOffset: 2 + SIDE / 2 },
        encoding: { x: at('x'), y: at('y') },
      },
      text(SIDE + 18, 'caption', { fontWeight: 'bold' }),
      text(SIDE + 32, 'probability'),
      text(SIDE + 46, 'label', { color: '#555' }),
    ],
  } as unknown as TopLevelSpec;
}
