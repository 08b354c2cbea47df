/** The checks of slices, held-out parts, batches and the selected metric that the schema cannot make. */
import { describe, expect, it } from 'vitest';
import { loadSpecText } from '../../src/spec/load.js';
import { specMessages } from '../../src/spec/messages.js';

const load = (...lines: string[]) => loadSpecText(`${lines.join('\n')}\n`, 'spec.yaml', { specDir: '/' });
const located = (...lines: string[]) => load(...lines).problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
const warned = (...lines: string[]) => (load(...lines).warnings ?? []).map((p) => `${p.line}:${p.col}: ${p.message}`);

describe('an empty slice', () => {
  it('is refused at its start when the start is past the split, else at its end', () => {
    expect(located('name: x', 'data: { evaluate: { a: { split: test, start: 10000, end: 10000 } } }')).toEqual([
      `2:46: ${specMessages.sliceEmpty('data.evaluate.a', 10000, 10000)}`,
    ]);
    expect(located('name: x', 'data: { evaluate: { a: { split: test, start: 50, end: 50 } } }')).toEqual([`2:55: ${specMessages.sliceEmpty('data.evaluate.a', 50, 50)}`]);
    expect(located('name: x', 'data: { evaluate: { a: { split: test, start: 60, end: 50 } } }')).toEqual([`2:55: ${specMessages.sliceEmpty('data.evaluate.a', 60, 50)}`]);
    expect(located('name: x', 'data: { train: { split: train, start: 100, end: 100 } }')).toEqual([`2:49: ${specMessages.sliceEmpty('data.train', 100, 100)}`]);
  });

  it('ending past its split is refused at the end, and then the batch is not checked against it', () => {
    expect(located('name: x', 'data: { evaluate: { a: { split: test, end: 10001 } } }')).toEqual([
      `2:44: ${specMessages.sliceOutOfBounds('data.evaluate.a.end', 'test', 10000, 10001)}`,
    ]);
    expect(located('name: x', 'data: { train: { split: train, end: 70000 } }', 'training: { batch_size: 100000 }')).toEqual([
      `2:37: ${specMessages.sliceOutOfBounds('data.train.end', 'train', 60000, 70000)}`,
    ]);
  });
});

describe("evaluation slices' names", () => {
  it('must differ in more than letter case, their files being one on a file system that ignores case', () => {
    expect(located('name: x', 'data: { evaluate: { test: { split: test }, Test: { split: test, end: 10 } } }')).toEqual([
      `2:44: ${specMessages.sliceNamesDifferInCase('test', 'Test')}`,
    ]);
    expect(located('name: x', 'data: { evaluate: { test: { split: test }, test2: { split: test, end: 10 } } }')).toEqual([]);
  });
});

describe('a batch', () => {
  it('may take the whole training slice, and no more', () => {
    expect(located('name: x', 'data: { train: { split: train, end: 100 } }', 'training: { batch_size: 100 }')).toEqual([]);
    expect(located('name: x', 'data: { train: { split: train, end: 100 } }', 'training: { batch_size: 101 }')).toEqual([`3:25: ${specMessages.batchTooLarge(101, 100)}`]);
  });
});

describe('a held-out part', () => {
  const held = (fraction: number) => located('name: x', `data: { train: { split: train, end: 100, hold_out: { v: ${fraction} } } }`, 'training: { batch_size: 1 }');

  it('must hold out at least one image and leave at least one', () => {
    expect(held(0.01)).toEqual([]);
    expect(held(0.99)).toEqual([]);
    expect(held(0.004)).toEqual([`2:57: ${specMessages.holdOutEmpty('v', 0.004, 100, 0)}`]);
    expect(held(0.995)).toEqual([`2:57: ${specMessages.holdOutEmpty('v', 0.995, 100, 100)}`]);
  });

  it('counts from the slice, wherever it starts', () => {
    expect(located('name: x', 'data: { train: { split: train, start: 59900, end: 60000, hold_out: { v: 0.99 } } }', 'training: { batch_size: 1 }')).toEqual([]);
  });
});

describe('the metric runs are selected by', () => {
  it("must be a slice's accuracy or the final loss", () => {
    expect(located('name: x', 'report: { select: { metric: nosuch_accuracy } }')).toEqual([
      `2:29: ${specMessages.selectUnknownMetric('nosuch_accuracy', ['train_accuracy', 'test_accuracy', 'final_loss'])}`,
    ]);
    expect(located('name: x', 'report: { select: { metric: final_loss } }')).toEqual([]);
    expect(located('name: x', 'report: { select: { metric: train_accuracy } }')).toEqual([]);
  });

  it('is met with a warning, not a problem, when it is measured on test data', () => {
    expect(warned('name: x', 'report: { select: { metric: test_accuracy } }')).toEqual([`2:29: ${specMessages.selectOnTest('test_accuracy', 'test')}`]);
    expect(warned('name: x', 'report: { select: { metric: train_accuracy } }')).toEqual([]);
    expect(warned('name: x', 'report: { select: { metric: final_loss } }')).toEqual([]);
  });
});

describe('runs of one config', () => {
  it('are warned of at the key that changes nothing in them, once, and not where the optimizer reads it', () => {
    expect(warned('name: s', 'training: { iterations: 10 }', 'grid:', '  training.optimizer: [sgd, momentum]', '  training.momentum: [0.5, 0.9]')).toEqual([
      `5:3: ${specMessages.sameRuns('opt-sgd_momentum-0.5', 'opt-sgd_momentum-0.9', ['training.momentum'])}`,
    ]);
    expect(warned('name: s', 'training: { iterations: 10, optimizer: momentum }', 'grid:', '  training.momentum: [0.5, 0.9]')).toEqual([]);
    // a searched key likewise, at its line in search.space
    expect(warned('name: s', 'training: { iterations: 10, optimizer: adam }', 'search:', '  trials: 3', '  space:', '    training.momentum: { uniform: [0.1, 0.9] }')).toEqual([
      `6:5: ${specMessages.sameRuns('t000', 't001', ['training.momentum'])}`,
    ]);
  });
});
