/** model.layers: written in YAML, filled with defaults, turned into the core's Architecture, checked per run. */
import { describe, expect, it } from 'vitest';
import { fromHidden } from '../../src/core/architecture.js';
import { traceShapes } from '../../src/core/layers/registry.js';
import { architectureOf, BATCHNORM_DEFAULTS } from '../../src/spec/layers.js';
import { loadSpecText } from '../../src/spec/load.js';
import { specMessages } from '../../src/spec/messages.js';
import { MNIST_INPUT } from '../../src/spec/dataset-sizes.js';
import { planRuns } from '../../src/plan/plan.js';
import type { PlannedRun } from '../../src/spec/types.js';
import { specOf } from '../helpers/specs.js';
import { yaml } from '../helpers/io.js';

/** `line:col: message` of each problem of a spec that must not load. */
function problemsOf(...lines: string[]): string[] {
  const { spec, problems } = loadSpecText(yaml(...lines), 'spec.yaml', { specDir: '/' });
  expect(spec).toBeNull();
  return problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
}

const convnet = [
  'name: x',
  'model:',
  '  layers:',
  '    - conv: { filters: 30, size: 5 }',
  '    - relu',
  '    - pool: { size: 2 }',
  '    - affine: 100',
  '    - batchnorm',
  '    - relu',
  '    - dropout: 0.5',
  '    - affine: 10',
  '  init: he',
];

/** A run's written layers (a spec of model.layers). */
const layersOf = (run: PlannedRun): unknown[] => (run.config.model as { layers: unknown[] }).layers;

describe('model.layers', () => {
  it('fills each layer\'s defaults: conv stride 1 and pad 0, batchnorm the book\'s momentum 0.9 and epsilon 10e-7, and in each run pool stride its size', () => {
    const spec = specOf(...convnet);
    expect(layersOf(planRuns(spec).runs[0])[2]).toEqual({ pool: { size: 2, stride: 2 } });
    const { model } = spec;
    expect(model).toEqual({
      layers: [
        { conv: { filters: 30, size: 5, stride: 1, pad: 0 } },
        'relu',
        { pool: { size: 2 } },
        { affine: 100 },
        { batchnorm: { momentum: 0.9, epsilon: 1e-6 } },
        'relu',
        { dropout: 0.5 },
        { affine: 10 },
      ],
      init: 'he',
    });
    expect(BATCHNORM_DEFAULTS.epsilon).toBe(10e-7);
  });

  it('moves a pool\'s stride with its size when a grid or a search varies the size, as validation traced it; a written stride stays', () => {
    const lines = (pool: string) => [
      'name: p',
      'model:',
      '  layers:',
      '    - conv: { filters: 4, size: 5 }',
      '    - relu',
      `    - pool: ${pool}`,
      '    - affine: 10',
    ];
    const grid = planRuns(specOf(...lines('{ size: 2 }'), 'grid:', '  model.layers.2.pool.size: [1, 3]'));
    expect(grid.runs.map((r) => layersOf(r)[2])).toEqual([{ pool: { size: 1, stride: 1 } }, { pool: { size: 3, stride: 3 } }]);
    // a 4x24x24 input: 1x1 windows by 1 keep 24x24 (a stride of 2 would have made 12x12), 3x3 by 3 make 8x8
    expect(grid.runs.map((r) => traceShapes(architectureOf(r.config.model, MNIST_INPUT, 10)).shapes[2].output)).toEqual([
      { channels: 4, height: 24, width: 24 }, { channels: 4, height: 8, width: 8 },
    ]);
    const searched = planRuns(specOf(...lines('{ size: 2 }'), 'search:', '  trials: 4', '  space:', '    model.layers.2.pool.size: { int: [1, 4] }'));
    for (const run of searched.runs) expect(layersOf(run)[2]).toEqual({ pool: { size: run.values['model.layers.2.pool.size'], stride: run.values['model.layers.2.pool.size'] } });
    const written = planRuns(specOf(...lines('{ size: 2, stride: 2 }'), 'grid:', '  model.layers.2.pool.size: [1, 3]'));
    expect(written.runs.map((r) => layersOf(r)[2])).toEqual([{ pool: { size: 1, stride: 2 } }, { pool: { size: 3, stride: 2 } }]);
  });

  it('stands for the core\'s Architecture on the dataset\'s images, whose shapes the registry traces', () => {
    const architecture = architectureOf(specOf(...convnet).model, MNIST_INPUT, 10);
    expect(architecture.input).toEqual({ channels: 1, height: 28, width: 28 });
    expect(architecture.layers.slice(0, 3)).toEqual([
      { type: 'conv', filters: 30, size: 5, stride: 1, pad: 0 },
      { type: 'relu' },
      { type: 'pool', size: 2, stride: 2 },
    ]);
    expect(architecture.layers.slice(4, 7)).toEqual([{ type: 'batchnorm', ...BATCHNORM_DEFAULTS }, { type: 'relu' }, { type: 'dropout', rate: 0.5 }]);
    const { shapes, problem } = traceShapes(architecture);
    expect(problem).toBeUndefined();
    expect(shapes.map((s) => `${s.output.channels}x${s.output.height}x${s.output.width}`)).toEqual([
      '30x24x24', '30x24x24', '30x12x12', '100x1x1', '100x1x1', '100x1x1', '100x1x1', '10x1x1',
    ]);
  });

  it('keeps hidden with activation as the shorthand for the same list, tanh included', () => {
    const { model } = specOf('name: x', 'model: { hidden: [100, 50], activation: tanh }');
    expect(architectureOf(model, MNIST_INPUT, 10)).toEqual(fromHidden(MNIST_INPUT, [100, 50], 'tanh', 10));
    expect(model).toEqual({ hidden: [100, 50], activation: 'tanh', init: { std: 0.01 } });
  });

  it('refuses layers together with hidden, at layers\' line and column', () => {
    expect(problemsOf('name: x', 'model:', '  hidden: [50]', '  layers: [{ affine: 10 }]')).toEqual([`4:3: ${specMessages.layersAndHidden()}`]);
  });

  it('refuses an unknown layer, suggesting the closest, and a layer written alone that needs parameters', () => {
    expect(problemsOf('name: x', 'model:', '  layers:', '    - comv: { filters: 3, size: 3 }', '    - rlu', '    - pool', '    - affine: 10')).toEqual([
      `4:7: ${specMessages.unknownLayer('model.layers[0]', 'comv', [], 'conv')}`,
      `5:7: ${specMessages.unknownLayer('model.layers[1]', 'rlu', [], 'relu')}`,
      `6:7: ${specMessages.layerNeedsParameters('model.layers[2]', 'pool')}`,
    ]);
  });

  it('refuses a dropout rate outside [0, 1) at the rate', () => {
    expect(problemsOf('name: x', 'model:', '  layers: [{ dropout: 1 }, { affine: 10 }]')).toEqual([
      `3:23: ${specMessages.outOfRange('model.layers[0].dropout', 'a number', '<', 1, 1)}`,
    ]);
    expect(problemsOf('name: x', 'model:', '  layers: [{ dropout: -0.1 }, { affine: 10 }]')).toEqual([
      `3:23: ${specMessages.outOfRange('model.layers[0].dropout', 'a number', '>=', 0, -0.1)}`,
    ]);
  });

  it('refuses a pool larger than its input at the pool, with the shapes computed', () => {
    const lines = ['name: x', 'model:', '  layers:', '    - conv: { filters: 30, size: 5 }', '    - pool: { size: 2 }', '    - pool: { size: 16 }', '    - affine: 10'];
    expect(problemsOf(...lines)).toEqual([`6:7: ${specMessages.layerShape(2, 'pool 16x16 receives 30x12x12')}`]);
  });

  it('refuses a network whose last layer does not give one number per class, at that layer', () => {
    expect(problemsOf('name: x', 'model:', '  layers:', '    - affine: 100', '    - relu')).toEqual([
      `5:7: ${specMessages.wrongOutputs(1, '100', 10)}`,
    ]);
    expect(problemsOf('name: x', 'model:', '  layers:', '    - conv: { filters: 10, size: 3 }')).toEqual([
      `4:7: ${specMessages.wrongOutputs(0, '10x26x26', 10)}`,
    ]);
  });

  it('checks the shapes of every grid point, at the grid value that breaks them', () => {
    const lines = ['name: x', 'model:', '  layers:', '    - conv: { filters: 8, size: 5 }', '    - affine: 10', 'grid:', '  model.layers.0.conv.size: [5, 29, 3]'];
    expect(problemsOf(...lines)).toEqual([`7:33: ${specMessages.layerShape(0, 'conv 29x29 with pad 0 receives 1x28x28')}`]);
  });
});

describe('budgets of any architecture', () => {
  it('count a convolution\'s weights and the dense layer after it, and refuse too many at model.layers', () => {
    const lines = ['name: x', 'model:', '  layers:', '    - conv: { filters: 1000, size: 3 }', '    - affine: 10'];
    const count = 1000 * 9 + 1000 + 1000 * 26 * 26 * 10 + 10;
    expect(problemsOf(...lines)).toEqual([`4:5: ${specMessages.tooManyParameters('model.layers', count, count * 4, 'float32', 5_000_000)}`]);
  });

  it('count a convolution\'s activations in memory, refused at the batch size when they are most of it', () => {
    const lines = ['name: x', 'model:', '  layers:', '    - conv: { filters: 100, size: 3 }', '    - relu', '    - pool: { size: 26 }', '    - affine: 10', 'training: { batch_size: 20000 }'];
    const parameters = 4 * 4 * (100 * 9 + 100 + 100 * 10 + 10);
    const activations = 4 * 20000 * (784 + 2 * 67600 + 2 * 67600 + 2 * 100 + 100 + 2 * 10);
    expect(problemsOf(...lines)).toEqual([`8:25: ${specMessages.tooMuchMemory('training.batch_size', parameters + activations, 2048)}`]);
  });
});

describe('layer parameters as grid keys', () => {
  const dropout = ['name: x', 'model:', '  layers:', '    - affine: 100', '    - batchnorm', '    - dropout: 0.5', '    - affine: 10'];

  it('vary one layer by its index, leaving the others as written', () => {
    const plan = planRuns(specOf(...dropout, 'grid:', '  model.layers.2.dropout: [0, 0.2]', '  model.layers.1.batchnorm.momentum: [0.5]'));
    expect(plan.runs.map((r) => r.id)).toEqual(['dropout-0_momentum-0.5', 'dropout-0.2_momentum-0.5']);
    expect(plan.runs.map((r) => 'layers' in r.config.model && r.config.model.layers)).toEqual([0, 0.2].map((rate) => [
      { affine: 100 },
      { batchnorm: { momentum: 0.5, epsilon: 1e-6 } },
      { dropout: rate },
      { affine: 10 },
    ]));
  });

  it('refuses an index out of range, a key the layer does not have (with a suggestion), and layers the spec does not have', () => {
    expect(problemsOf(...dropout, 'grid:', '  model.layers.4.dropout: [0.1]', '  model.layers.2.dropot: [0.1]', '  model.layers.0.conv.filters: [3]')).toEqual([
      `9:3: ${specMessages.gridLayerOutOfRange('model.layers.4.dropout', 4)}`,
      `10:3: ${specMessages.gridLayerKey('model.layers.2.dropot', 2, { dropout: 0.5 }, 'model.layers.2.dropout')}`,
      `11:3: ${specMessages.gridLayerKey('model.layers.0.conv.filters', 0, { affine: 100 }, null)}`,
    ]);
    expect(problemsOf('name: x', 'grid:', '  model.layers.0.affine: [10]')).toEqual([`3:3: ${specMessages.gridLayerNoLayers('model.layers.0.affine')}`]);
  });

  it('checks each value against the layer parameter it replaces, at the value', () => {
    expect(problemsOf(...dropout, 'grid:', '  model.layers.2.dropout: [0.2, 1.5]')).toEqual([
      `9:33: ${specMessages.outOfRange('grid.model.layers.2.dropout[1]', 'a number', '<', 1, 1.5)}`,
    ]);
  });
});

describe('--set inside model.layers', () => {
  const load = (...set: string[]) => loadSpecText(yaml(...convnet), 'spec.yaml', { specDir: '/', set });

  it('enters the list by a layer\'s index', () => {
    const { spec, problems } = load('model.layers.0.conv.filters=16', 'model.layers.6.dropout=0.2');
    expect(problems).toEqual([]);
    const layers = spec && 'layers' in spec.model ? spec.model.layers : [];
    expect([layers[0], layers[6]]).toEqual([{ conv: { filters: 16, size: 5, stride: 1, pad: 0 } }, { dropout: 0.2 }]);
  });

  it('refuses an index past the end, at that index', () => {
    const { problems } = load('model.layers.8.affine=10');
    expect(problems.map((p) => `${p.file}:${p.col}: ${p.message}`)).toEqual([`--set:14: ${specMessages.setNotMapping('model.layers')}`]);
  });
});
