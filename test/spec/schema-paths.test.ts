/** The schema as a map of the spec: the sub-schema of a dotted key, every key it names, and checks at a pointer. */
import { describe, expect, it } from 'vitest';
import { deref, knownPaths, pointerOf, validateAgainstSchema, validateAt } from '../../src/spec/schema.js';

describe('the schema of a dotted key', () => {
  it('is found through properties, $refs and the branches of a oneOf', () => {
    expect(pointerOf(['training', 'learning_rate'])).toMatchObject({ pointer: '/properties/training/properties/learning_rate', viaAdditional: false, node: { type: 'number' } });
    expect(pointerOf(['model', 'init', 'std'])).toMatchObject({ pointer: '/properties/model/properties/init/oneOf/0/properties/std', viaAdditional: false });
    expect(pointerOf(['model', 'layers'])?.pointer).toBe('/properties/model/properties/layers');
  });

  it('is found through a mapping of names, and says so', () => {
    expect(pointerOf(['data', 'evaluate', 'test', 'end'])).toMatchObject({ pointer: '/$defs/evaluateSlice/properties/end', viaAdditional: true, node: { type: 'integer' } });
    expect(pointerOf(['data', 'train', 'hold_out', 'validation'])).toMatchObject({ pointer: '/$defs/trainSlice/properties/hold_out/additionalProperties', viaAdditional: true });
  });

  it('is none for a key the schema does not name, or a key below a value', () => {
    expect(pointerOf(['nope'])).toBeNull();
    expect(pointerOf(['training', 'nope'])).toBeNull();
    expect(pointerOf(['training', 'learning_rate', 'x'])).toBeNull();
  });

  it('behind a $ref is the node it names, at its own pointer', () => {
    const node = { $ref: '#/$defs/trainSlice' };
    expect(deref(node, '/x').pointer).toBe('/$defs/trainSlice');
    expect(deref(node, '/x').node.properties).toHaveProperty('hold_out');
    const plain = { type: 'number' };
    expect(deref(plain, '/y')).toEqual({ node: plain, pointer: '/y' });
  });
});

describe('the keys the schema names', () => {
  it('are every dotted path below the top, through oneOf branches too, each once', () => {
    const keys = knownPaths();
    for (const key of ['name', 'model', 'model.init', 'model.init.std', 'training.learning_rate', 'data.train', 'search.schedule']) expect(keys).toContain(key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((k) => k.startsWith('model.'))).toEqual(['model.layers', 'model.hidden', 'model.activation', 'model.init', 'model.init.std']);
  });
});

describe('a check against the schema', () => {
  it('of a whole spec lists its errors, or none', () => {
    expect(validateAgainstSchema({ name: 'x' })).toEqual([]);
    expect(validateAgainstSchema({}).map((e) => e.keyword)).toEqual(['required']);
  });

  it('at a pointer checks the value against that sub-schema alone', () => {
    expect(validateAt('/properties/training/properties/seed', 1)).toEqual([]);
    expect(validateAt('/properties/training/properties/seed', -1).map((e) => e.keyword)).toEqual(['minimum']);
  });
});
