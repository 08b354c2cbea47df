/** A confusion matrix as a Vega-Lite heatmap (pure); the report draws it (report/run-pictures.ts). */
import type { TopLevelSpec } from 'vega-lite';
import { classWord } from './class-word.js';
import { perDigitAccuracy } from './confusion.js';
import { analysisMessages as m } from './messages.js';

const CELL = 36;

export function confusionChartSpec(matrix: number[][], title: { run: string; slice: string }): TopLevelSpec {
  const accuracy = perDigitAccuracy(matrix);
  const rowLabels = matrix.map((_, t) => m.trueLabel(t, accuracy[t]));
  const columns = matrix.map((_, p) => String(p));
  const max = Math.max(1, ...matrix.flat());
  const values = matrix.flatMap((row, t) =>
    row.map((count, p) => ({ actual: rowLabels[t], predicted: String(p), count, dark: count > max / 2 })),
  );
  const word = classWord(matrix.length);
  const x = { field: 'predicted', type: 'nominal', sort: columns, title: m.predictedAxis(word), axis: { orient: 'top', labelAngle: 0 } } as const;
  const y = { field: 'actual', type: 'nominal', sort: rowLabels, title: m.trueAxis(word) } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: m.confusionTitle(title.run, title.slice), subtitle: m.confusionSubtitle(word), anchor: 'start' },
    background: 'white',
    width: CELL * columns.length,
    height: CELL * rowLabels.length,
    data: { values },
    encoding: { x, y },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          color: { field: 'count', type: 'quantitative', scale: { type: 'sqrt', domain: [0, max], range: ['#ffffff', '#08519c'], interpolate: 'rgb' }, legend: null },
        },
      },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          color: {
            condition: [
              { test: 'datum.dark', value: 'white' },
              { test: 'datum.count === 0', value: '#aaa' },
            ],
            value: '#222',
          },
        },
      },
    ],
    config: { font: 'sans-serif', view: { stroke: null } },
  };
}
