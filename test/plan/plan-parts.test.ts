/** The small pieces of the plan, each pinned by what it must give (raised by mutation testing). */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { countPoints, gridPoints } from '../../src/plan/expand.js';
import { canonicalJson, configHash } from '../../src/plan/hash.js';
import { disambiguate, runId, valueText } from '../../src/plan/ids.js';
import { isSafeId } from '../../src/results/safe-id.js';
import { getPath, setPath, splitKey } from '../../src/plan/paths.js';

describe('the grid', () => {
  it('has as many points as the product of its value counts, and one when empty', () => {
    expect(countPoints({ a: [1, 2, 3], b: [4, 5] })).toBe(6);
    expect(countPoints({ a: [1, 2, 3], b: [4, 5], c: [6, 7] })).toBe(12);
    expect(countPoints({})).toBe(1);
    expect(gridPoints({ a: [1, 2, 3], b: [4, 5] })).toHaveLength(6);
  });
});

describe('dotted paths', () => {
  it('read a nested value, and undefined through anything that is not a mapping', () => {
    expect(getPath({ a: { b: 3 } }, splitKey('a.b'))).toBe(3);
    expect(getPath({ a: null }, splitKey('a.b'))).toBeUndefined();
    expect(getPath({ a: 5 }, splitKey('a.b'))).toBeUndefined();
    expect(getPath({ a: 'text' }, splitKey('a.length'))).toBeUndefined();
  });

  it('write a nested value, keeping the mapping already there and replacing what is not a mapping', () => {
    const target: Record<string, unknown> = { a: { keep: 1 }, n: null, list: [1], number: 2 };
    setPath(target, splitKey('a.b'), 3);
    setPath(target, splitKey('n.x'), 4);
    setPath(target, splitKey('list.y'), 5);
    setPath(target, splitKey('number.z'), 6);
    expect(target).toEqual({ a: { keep: 1, b: 3 }, n: { x: 4 }, list: { y: 5 }, number: { z: 6 } });
  });

  it('write a path through __proto__ or constructor as keys of those names, leaving Object.prototype alone', () => {
    const target: Record<string, unknown> = {};
    setPath(target, splitKey('__proto__.polluted'), 1);
    setPath(target, splitKey('constructor.prototype.polluted'), 2);
    setPath(target, splitKey('__proto__'), 3);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(JSON.stringify(target)).toBe('{"__proto__":3,"constructor":{"prototype":{"polluted":2}}}');
  });
});

describe('the config hash', () => {
  it('ignores key order and keys whose value is undefined', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    expect(canonicalJson({ a: 1, gone: undefined })).toBe('{"a":1}');
    expect(configHash({ a: 1, b: 2 })).toBe(configHash({ b: 2, a: 1 }));
    expect(configHash({ a: 1, b: undefined })).toBe(configHash({ a: 1 }));
    expect(configHash({ a: 1 })).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe('run ids', () => {
  it('write mappings as key and value joined by -, lists joined by x', () => {
    expect(valueText({ std: 0.1, mean: 0 })).toBe('std0.1-mean0');
    expect(valueText([100, 50])).toBe('100x50');
    expect(valueText(null)).toBe('null');
  });

  it('turn every run of unsafe characters into one _, and never give a name of dots alone or a hidden one', () => {
    expect(runId({ model: '..' }, ['model'])).toBe('_..');
    expect(runId({ model: '.mlp' }, ['model'])).toBe('_.mlp');
    expect(runId({ model: '.mlp', 'training.seed': 1 }, ['model'])).toBe('_.mlp_seed-1');
    expect(runId({ 'model.init': 'a b/c' })).toBe('init-a_b_c');
    expect(runId({ 'x.y': 'a  //  b' })).toBe('y-a_b');
    expect(runId({})).toBe('run');
    expect(runId({ 'a.b': 1, 'training.learning_rate': 0.5 })).toBe('b-1_lr-0.5');
  });

  it('add the hash only to ids that more than one run shares', () => {
    expect(disambiguate(['a', 'a', 'b'], ['1234567890ab', 'ba0987654321', 'ffffffffffff'])).toEqual(['a-12345678', 'a-ba098765', 'b']);
  });

  it('tell apart ids that differ only in letter case, which a case-insensitive file system would put in one folder', () => {
    const ids = disambiguate(['act-ReLU', 'act-relu', 'act-tanh'], ['1234567890ab', 'ba0987654321', 'ffffffffffff']);
    expect(ids).toEqual(['act-ReLU-12345678', 'act-relu-ba098765', 'act-tanh']);
    expect(new Set(ids.map((id) => id.toLowerCase())).size).toBe(3);
  });

  it('cut an id past 200 characters (a long grid value) to a safe folder name that stays its own', () => {
    const long = (c: string) => `hidden-${c.repeat(250)}`;
    const ids = disambiguate([long('1'), long('1'), long('2'), 'a'.repeat(200)], ['1234567890ab', 'ba0987654321', 'ffffffffffff', '000000000000']);
    const sha = (id: string) => createHash('sha256').update(id).digest('hex').slice(0, 12);
    expect(ids).toEqual([
      `${long('1').slice(0, 180)}-${sha(`${long('1')}-12345678`)}`,
      `${long('1').slice(0, 180)}-${sha(`${long('1')}-ba098765`)}`,
      `${long('2').slice(0, 180)}-${sha(long('2'))}`,
      'a'.repeat(200),
    ]);
    expect(new Set(ids).size).toBe(4);
    for (const id of ids) expect(isSafeId(id), id).toBe(true);
  });
});
