import { describe, expect, it } from 'vitest';
import { heldOutCount, holdOut } from '../../src/core/data/hold-out.js';
import { planRuns } from '../../src/plan/plan.js';
import { loadSpecText } from '../../src/spec/load.js';
import { specMessages } from '../../src/spec/messages.js';
import { evaluationNames, evaluationSlices, imageCount, trainedImages } from '../../src/spec/evaluation-slices.js';
import { trainingSize } from '../../src/spec/train-slice.js';
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

  it('makes the held-out slice an evaluation slice, first, and epochs count only the images trained on', () => {
    const spec = specOf('name: h', 'data: { train: { split: train, end: 500, hold_out: { validation: 0.2 } } }', 'training: { epochs: 50, batch_size: 100 }');
    expect(evaluationNames(spec.data)).toEqual(['validation', 'train', 'test']);
    expect(trainingSize(spec.data.train)).toBe(400);
    expect(planRuns(spec).runs[0].config.training.iterations).toBe(200);
  });

  it('gives every run the same held-out images, none of which it trains on', () => {
    const spec = specOf('name: h', 'data: { train: { split: train, start: 100, end: 600, hold_out: { validation: 0.2 } } }', 'grid: { training.learning_rate: [0.1, 0.2] }');
    const [a, b] = planRuns(spec).runs.map((r) => ({ held: evaluationSlices(r.config.data)[0], trained: trainedImages(r.config.data) }));
    expect(a.held).toMatchObject({ name: 'validation', split: 'train', heldOut: true, endOnly: false });
    expect([...a.held.indices!]).toEqual([...b.held.indices!]);
    expect([...a.trained.indices!]).toEqual([...b.trained.indices!]);
    expect(imageCount(a.held)).toBe(100);
    expect(imageCount(a.trained)).toBe(400);
    const trained = new Set(a.trained.indices);
    expect([...a.held.indices!].filter((i) => trained.has(i))).toEqual([]);
    expect([...a.held.indices!, ...a.trained.indices!].every((i) => i >= 100 && i < 600)).toBe(true);
  });

  it('refuses a name an evaluation slice has, a part of no image, two parts, and a batch larger than what is left', () => {
    expect(located('name: h', 'data:', '  train: { split: train, end: 500, hold_out: { test: 0.2 } }')).toEqual([
      `3:48: ${specMessages.holdOutNameTaken('test')}`,
    ]);
    expect(located('name: h', 'data:', '  train: { split: train, end: 500, hold_out: { Test: 0.2 } }')).toEqual([
      `3:48: ${specMessages.holdOutNameTaken('Test')}`,
    ]);
    expect(located('name: h', 'data:', '  train: { split: train, end: 5, hold_out: { validation: 0.05 } }', 'training: { batch_size: 1 }')).toEqual([
      `3:58: ${specMessages.holdOutEmpty('validation', 0.05, 5, 0)}`,
    ]);
    expect(located('name: h', 'data:', '  train: { split: train, end: 500, hold_out: { validation: 0.9 } }', 'training:', '  batch_size: 100')).toEqual([
      `5:15: ${specMessages.batchTooLarge(100, 50)}`,
    ]);
    expect(located('name: h', 'data:', '  train: { split: train, end: 500, hold_out: { a: 0.1, b: 0.1 } }')).toEqual([
      `3:46: ${specMessages.oneHeldOutPart('data.train.hold_out')}`,
    ]);
  });

  it('leaves every existing config hash as it was when nothing is held out, and hashes a held-out part when there is one', () => {
    const plain = planRuns(specOf('name: h', 'data: { train: { split: train, end: 500 } }')).runs[0];
    const held = planRuns(specOf('name: h', 'data: { train: { split: train, end: 500, hold_out: { validation: 0.2 } } }')).runs[0];
    const other = planRuns(specOf('name: h', 'data: { train: { split: train, end: 500, hold_out: { validation: 0.3 } } }')).runs[0];
    expect('hold_out' in plain.config.data.train).toBe(false);
    expect(held.config.data.train.hold_out).toEqual({ validation: 0.2 });
    expect(new Set([plain.hash, held.hash, other.hash]).size).toBe(3);
  });
});

describe('an evaluation slice measured only at the end', () => {
  it('is marked `every: end`, changes the hash only when given, and refuses other values at their column', () => {
    const atEnd = specOf('name: e', 'data: { evaluate: { test: { split: test, every: end } } }');
    expect(evaluationSlices(atEnd.data)).toMatchObject([{ name: 'test', endOnly: true, heldOut: false }]);
    const always = specOf('name: e', 'data: { evaluate: { test: { split: test } } }');
    expect('every' in always.data.evaluate.test).toBe(false);
    expect(planRuns(atEnd).runs[0].hash).not.toBe(planRuns(always).runs[0].hash);
    expect(located('name: e', 'data:', '  evaluate: { test: { split: test, every: start } }')).toEqual([
      `3:43: ${specMessages.expectedOneOf('data.evaluate.test.every', ['end'], 'start', null)}`,
    ]);
  });
});

describe('report.select', () => {
  it('names a metric of a slice the runs are measured on, max by default', () => {
    const spec = specOf('name: s', 'data: { train: { split: train, end: 500, hold_out: { validation: 0.2 } } }', 'report: { select: { metric: validation_accuracy } }');
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
