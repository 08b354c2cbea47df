import { describe, expect, it } from 'vitest';
import { changedKeys } from '../../src/schedule/changed-settings.js';

describe('the settings that changed between a run on disk and the plan', () => {
  it('are named by dotted key, lists compared whole, keys added or removed included', () => {
    const before = { training: { learning_rate: 0.5, iterations: 100 }, model: { hidden: [50] }, data: { evaluate: { test: { end: 10 } } } };
    const after = { training: { learning_rate: 0.5, iterations: 200, beta: 1 }, model: { hidden: [50, 10] }, data: { evaluate: {} } };
    expect(changedKeys(before, after)).toEqual(['training.iterations', 'training.beta', 'model.hidden', 'data.evaluate.test']);
  });

  it('are none for equal configs whatever the key order', () => {
    expect(changedKeys({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
  });
});
