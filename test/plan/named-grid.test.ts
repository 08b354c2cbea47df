/** A grid key given as a mapping of names to values: whole networks compared, runs named by the names. */
import { describe, expect, it } from 'vitest';
import { planRuns } from '../../src/plan/plan.js';
import { loadSpecText } from '../../src/spec/load.js';
import { specMessages } from '../../src/spec/messages.js';
import { yaml } from '../helpers/io.js';
import { specOf } from '../helpers/specs.js';

const networks = [
  'name: x',
  'grid:',
  '  model:',
  '    mlp: { hidden: [50], activation: relu }',
  '    convnet:',
  '      layers:',
  '        - conv: { filters: 30, size: 5 }',
  '        - relu',
  '        - pool: { size: 2 }',
  '        - affine: 10',
  '      init: he',
];

describe('named grid values', () => {
  it('name the runs and their values, and set the named value in each run\'s config', () => {
    const spec = specOf(...networks, '  training.learning_rate: [0.1, 0.01]');
    const plan = planRuns(spec);
    expect(plan.runs.map((r) => r.id)).toEqual(['mlp_lr-0.1', 'mlp_lr-0.01', 'convnet_lr-0.1', 'convnet_lr-0.01']);
    expect(plan.runs[2].values).toEqual({ model: 'convnet', 'training.learning_rate': 0.1 });
    expect(plan.runs[0].config.model).toEqual({ hidden: [50], activation: 'relu', init: { std: 0.01 } });
    expect(plan.runs[2].config.model).toEqual({
      layers: [{ conv: { filters: 30, size: 5, stride: 1, pad: 0 } }, 'relu', { pool: { size: 2, stride: 2 } }, { affine: 10 }],
      init: 'he',
    });
    expect(spec.grid.model).toEqual(['mlp', 'convnet']);
    // the pool's stride is filled in the run, from its size
    expect(spec.named?.model.convnet).toEqual({ ...plan.runs[2].config.model, layers: [{ conv: { filters: 30, size: 5, stride: 1, pad: 0 } }, 'relu', { pool: { size: 2 } }, { affine: 10 }] });
  });

  it('hash a named value as if it were written in place', () => {
    const [named] = planRuns(specOf('name: x', 'grid:', '  model:', '    seed: { hidden: [50] }')).runs;
    const [plain] = planRuns(specOf('name: x', 'model: { hidden: [50] }')).runs;
    expect(named.id).toBe('seed');
    expect(named.hash).toBe(plain.hash);
  });

  it('are checked as the key they replace, at their own line, and named safely', () => {
    const { problems } = loadSpecText(yaml('name: x', 'grid:', '  model:', '    a: { hidden: [50], layers: [relu] }', '    b/c: { hidden: [0] }'), 's.yaml', { specDir: '/' });
    expect(problems.map((p) => `${p.line}:${p.col}: ${p.message}`)).toEqual([
      `5:5: ${specMessages.notSafeName('grid.model', 'b/c')}`,
      `5:21: ${specMessages.outOfRange('grid.model.b/c.hidden[0]', 'an integer', '>=', 1, 0)}`,
    ]);
    const mixed = loadSpecText(yaml('name: x', 'grid:', '  model:', '    a: { hidden: [50], layers: [{ affine: 10 }] }'), 's.yaml', { specDir: '/' });
    expect(mixed.problems.map((p) => `${p.line}:${p.col}: ${p.message}`)).toEqual([`4:24: ${specMessages.layersAndHidden()}`]);
  });

  it('must differ, as a list\'s values must', () => {
    const { problems } = loadSpecText(yaml('name: x', 'grid:', '  model:', '    a: { hidden: [50] }', '    b: { hidden: [50] }'), 's.yaml', { specDir: '/' });
    expect(problems.map((p) => `${p.line}:${p.col}: ${p.message}`)).toEqual([`5:5: ${specMessages.duplicateNamedValues('model', 'a', 'b')}`]);
  });

  it('keep a grid key that is not variable refused', () => {
    const { problems } = loadSpecText(yaml('name: x', 'grid:', '  training: { a: {} }'), 's.yaml', { specDir: '/' });
    expect(problems.map((p) => p.message)).toEqual([specMessages.gridKeyNotVariable('training')]);
  });
});
