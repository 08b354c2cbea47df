/** Evaluation slices that share images with the training slice are warned about, at their line, and noted in the report. */
import { describe, expect, it } from 'vitest';
import { readme } from '../../src/report/readme.js';
import { readmeText } from '../../src/report/readme-text.js';
import { loadSpecText } from '../../src/spec/load.js';
import { specMessages } from '../../src/spec/messages.js';
import { makePlan, makeResult } from '../report/fixtures.js';

const load = (...lines: string[]) => loadSpecText(`${lines.join('\n')}\n`, 'spec.yaml', { specDir: '/' });

describe('overlapping training and evaluation slices', () => {
  it('give a warning at the evaluation slice\'s line, and the spec still loads', () => {
    const result = load(
      'name: x',
      'data:',
      '  train: { split: train, start: 0, end: 10000 }',
      '  evaluate:',
      '    held_out: { split: train, start: 5000, end: 20000 }',
      '    test: { split: test }',
    );
    expect(result.problems).toEqual([]);
    expect(result.spec).not.toBeNull();
    expect(result.warnings!.map((w) => [w.line, w.col, w.message])).toEqual([
      [5, 5, specMessages.sliceOverlap('held_out', 'train', 5000, 10000, 15000)],
    ]);
  });

  it('are not warned about for the slice named train, which measures training accuracy as the seed does, nor for disjoint slices', () => {
    const result = load('name: x', 'data:', '  train: { split: train, start: 0, end: 10000 }', '  evaluate:', '    train: { split: train }', '    later: { split: train, start: 10000 }');
    expect(result.warnings).toEqual([]);
  });

  it('get a note in the results README, the train slice included', () => {
    const plan = makePlan([0.5]);
    const text = readme({ spec: plan.spec, varying: plan.varying, results: [makeResult(plan.runs[0], 'completed')] }, { comparisons: [], runs: { 'lr-0.5': 'x.svg' } });
    expect(text).toContain(readmeText.overlap('train', 'train', 0, 10000, 60000));
    expect(text).not.toContain('`test` evaluation slice shares');
  });
});
