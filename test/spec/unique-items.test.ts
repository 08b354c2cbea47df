/** A grid list must not repeat a value: the check that replaced Ajv's pairwise uniqueItems. */
import { describe, expect, it } from 'vitest';
import { loadSpecText } from '../../src/spec/load.js';
import { specMessages } from '../../src/spec/messages.js';
import { lastDuplicate, sameValueKey } from '../../src/spec/unique-items.js';
import { yaml } from './fake-io.js';

describe('values that are the same', () => {
  it('are deeply equal: mappings with their keys in any order, lists item by item, 0 and -0', () => {
    expect(sameValueKey({ a: 1, b: [2, { c: 'x' }] })).toBe(sameValueKey({ b: [2, { c: 'x' }], a: 1 }));
    expect(sameValueKey(0)).toBe(sameValueKey(-0));
    expect(sameValueKey([1, [2]])).toBe(sameValueKey([1, [2]]));
  });

  it('keep their types apart, and lists and mappings apart by their shape', () => {
    const values = [1, '1', true, 'true', null, 'null', 'boolean:true', [1, [2]], [[1], 2], [], {}, { a: 1 }, { a: '1' }, { '"a":1': 1 }, [1, 2], ['1,2'], 1.5, 15];
    const keys = values.map(sameValueKey);
    expect(new Set(keys).size).toBe(values.length);
  });
});

describe('the repeated value of a list', () => {
  it('is the last item that repeats an earlier one, paired with the nearest earlier copy', () => {
    expect(lastDuplicate([1, 2, 3])).toBeNull();
    expect(lastDuplicate([])).toBeNull();
    expect(lastDuplicate([5, 5])).toEqual({ i: 1, j: 0 });
    expect(lastDuplicate([1, 2, 1, 3, 1, 2, 4])).toEqual({ i: 5, j: 1 });
    expect(lastDuplicate([7, 7, 7])).toEqual({ i: 2, j: 1 });
  });

  it("is reported at that item's line and column in a spec, naming both items", () => {
    const { problems } = loadSpecText(yaml('name: x', 'grid:', '  training.seed: [1, 2, 1, 3]'), 'spec.yaml', { specDir: '/nowhere', set: [] });
    expect(problems).toMatchObject([{ line: 3, col: 25, message: specMessages.duplicateItems('grid.training.seed', 0, 2) }]);
  });

  it('is no problem in a list whose values all differ', () => {
    const { problems } = loadSpecText(yaml('name: x', 'grid:', '  training.seed: [1, 2, 3]'), 'spec.yaml', { specDir: '/nowhere', set: [] });
    expect(problems).toEqual([]);
  });
});
