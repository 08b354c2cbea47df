import { describe, expect, it } from 'vitest';
import { heldOutCount, holdOut } from '../../src/core/data/hold-out.js';
import { planRuns } from '../../src/plan/plan.js';
import { loadSpecText } from '../../src/spec/load.js';
import { specMessages } from '../../src/spec/messages.js';
import { evaluationNames, trainingSize } from '../../src/spec/train-slice.js';
import { specOf } from '../helpers/specs.js';

const load = (...lines: string[]) => loadSpecText(`${lines.join('\n')}\n`, 'spec.yaml', { specDir: '/' });
const located = (...lines: string[]) => load(...lines).problems.map((p) => `${p.line}:${p.col}: ${p.message}`);

describe('holding out part of the training slice', () => {
  it('shuffles the slice once, holds out the first round(size x fraction) and trains on the rest, the same every time', () => {
    const { train, held } = holdOut(100, 600, 0.2);
    expect(held.length).toBe(100);
    expect(train.length).toBe(400);
    const all = [...held, ...train].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 500 }, (_, i) => 100 + i));
    expect(holdOut(100, 600, 0.2)).toEqual({ train, held });
    // shuffled, not the slice's first images
    expect([...held].filter((i) => i < 200).length).toBeLessThan(50);
    expect(heldOutCount(5, 0.3)).toBe(2);
  });

});

describe('report.select', () => {
  it('names a metric of a slice the runs are measured on, max by default', () => {
    const spec = specOf('name: s', 'data: { train: { split: train, end: 50000 }, evaluate: { validation: { split: train, start: 50000 }, test: { split: test } } }', 'report: { select: { metric: validation_accuracy } }');
    expect(spec.report.select).toEqual({ metric: 'validation_accuracy', mode: 'max' });
    expect(located('name: s', 'report:', '  select: { metric: validaton_accuracy }')).toEqual([
      `3:21: ${specMessages.selectUnknownMetric('validaton_accuracy', ['train_accuracy', 'test_accuracy', 'final_loss'])}`,
    ]);
  });

  it('warns when it selects on test data', () => {
    const { spec, warnings } = load('name: s', 'report:', '  select: { metric: test_accuracy }');
    expect(spec).not.toBeNull();
    expect(warnings!.map((w) => `${w.line}:${w.col}: ${w.message}`)).toEqual([`3:21: ${specMessages.selectOnTest('test_accuracy', 'test')}`]);
  });

  it('leaves specs without hold_out or select as they were: no such keys in the spec', () => {
    const spec = specOf('name: s');
    expect('hold_out' in spec.data.train).toBe(false);
    expect('select' in spec.report).toBe(false);
  });
});
