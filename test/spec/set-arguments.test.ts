/** `--set key.path=value`: how an argument is split, where its problems point, and how it lands in the spec. */
import { describe, expect, it } from 'vitest';
import { MAX_NESTING } from '../../src/spec/nesting.js';
import { specMessages } from '../../src/spec/messages.js';
import { applyOverrides, firstLine, parseOverride } from '../../src/spec/overrides.js';
import type { Override } from '../../src/spec/locate.js';
import type { Problem } from '../../src/spec/problem.js';

const parsed = (arg: string): Override => {
  const result = parseOverride(arg);
  if (Array.isArray(result)) throw new Error(`expected ${arg} to parse, got ${result.map((p) => p.message).join('; ')}`);
  return result;
};
const refused = (arg: string): string[] => {
  const result = parseOverride(arg);
  return Array.isArray(result) ? result.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`) : [];
};
const located = (problems: Problem[]) => problems.map((p) => `${p.col}: ${p.message}`);

describe('a --set argument', () => {
  it('splits at the first = into a dotted path and a YAML value, knowing where each segment starts', () => {
    expect(parsed('training.learning_rate=0.1')).toMatchObject({ path: ['training', 'learning_rate'], segmentOffsets: [0, 9], valueOffset: 23, value: 0.1 });
    expect(parsed('name=a=b')).toMatchObject({ path: ['name'], value: 'a=b', valueOffset: 5 });
    expect(parsed('model.hidden=[20, 10]').value).toEqual([20, 10]);
  });

  it('keeps the dots of a grid key, which names a key of the spec', () => {
    expect(parsed('grid.training.learning_rate=[0.1]')).toMatchObject({ path: ['grid', 'training.learning_rate'], segmentOffsets: [0, 5], value: [0.1] });
    expect(parsed('grid=[]').path).toEqual(['grid']);
  });

  it('is refused, at its first column, without an = or with an empty key or segment', () => {
    for (const arg of ['nokey', '=1', 'a..b=1', '.a=1', 'a.=1']) expect(refused(arg)).toEqual([`--set:1:1: ${specMessages.setSyntax(arg)}`]);
  });

  it('is refused at the column of a YAML error in its value, said without the code frame', () => {
    const [problem] = refused('model.hidden=[1, 2');
    expect(problem).toMatch(/^--set:1:\d+: YAML: /);
    expect(problem).not.toMatch(/\n| at line \d+/);
    expect(Number(problem.split(':')[2])).toBeGreaterThan('model.hidden='.length);
  });

  it('is refused when its value nests deeper than a spec may, at the column where it does', () => {
    const value = `${'['.repeat(MAX_NESTING + 1)}1${']'.repeat(MAX_NESTING + 1)}`;
    expect(refused(`a=${value}`)).toEqual([`--set:1:${2 + MAX_NESTING + 1}: ${specMessages.tooDeep(MAX_NESTING)}`]);
  });
});

describe('arguments applied to the spec', () => {
  it('set their values in order, creating the mappings on the way, the later winning', () => {
    const spec: Record<string, unknown> = { training: { iterations: 5 } };
    expect(applyOverrides(spec, [parsed('training.iterations=10'), parsed('model.init.std=0.1'), parsed('training.iterations=20')])).toEqual([]);
    expect(spec).toEqual({ training: { iterations: 20 }, model: { init: { std: 0.1 } } });
  });

  it('replace a null parent with a mapping', () => {
    const spec: Record<string, unknown> = { model: null };
    expect(applyOverrides(spec, [parsed('model.hidden=[3]')])).toEqual([]);
    expect(spec).toEqual({ model: { hidden: [3] } });
  });

  it('reach an item of a list by its index, but refuse an index past its end', () => {
    const spec: Record<string, unknown> = { model: { layers: [{ dropout: 0.5 }, 'relu'] } };
    expect(applyOverrides(spec, [parsed('model.layers.0.dropout=0.25')])).toEqual([]);
    expect(spec).toEqual({ model: { layers: [{ dropout: 0.25 }, 'relu'] } });
    expect(located(applyOverrides(spec, [parsed('model.layers.2.dropout=0.1')]))).toEqual([`14: ${specMessages.setNotMapping('model.layers')}`]);
    expect(located(applyOverrides(spec, [parsed('model.layers.x.y=1')]))).toEqual([`14: ${specMessages.setNotMapping('model.layers')}`]);
  });

  it('refuse to set a key inside a value that is not a mapping, at the segment below it, and apply the rest', () => {
    const spec: Record<string, unknown> = { name: 'x', training: { iterations: 5 } };
    const problems = applyOverrides(spec, [parsed('name.first=1'), parsed('training.iterations.a.b=1'), parsed('training.seed=3')]);
    expect(located(problems)).toEqual([`6: ${specMessages.setNotMapping('name')}`, `21: ${specMessages.setNotMapping('training.iterations')}`]);
    expect(spec).toEqual({ name: 'x', training: { iterations: 5, seed: 3 } });
  });

  it('set __proto__ as a key like any other, never the objects\' prototype, and refuse a value that contains itself', () => {
    const spec: Record<string, unknown> = { training: {} };
    expect(applyOverrides(spec, [parsed('__proto__.polluted=1'), parsed('training.__proto__=2'), parsed('constructor.prototype.x=3')])).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.getPrototypeOf(spec)).toBe(Object.prototype);
    expect(Object.keys(spec)).toEqual(['training', '__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(spec, '__proto__')?.value).toEqual({ polluted: 1 });
    expect(Object.getOwnPropertyDescriptor(spec.training, '__proto__')?.value).toBe(2);
    // an alias inside the value its anchor names: a cycle, which every later walk would follow forever
    expect(refused('grid.training.learning_rate=&a [1, *a]')).toEqual([`--set:1:36: ${specMessages.aliasCycle()}`]);
  });

  it('give each spec a copy of the value, not the argument itself', () => {
    const override = parsed('model.hidden=[1, 2]');
    const first: Record<string, any> = {};
    const second: Record<string, any> = {};
    applyOverrides(first, [override]);
    applyOverrides(second, [override]);
    first.model.hidden.push(3);
    expect(second.model.hidden).toEqual([1, 2]);
    expect(override.value).toEqual([1, 2]);
  });
});

describe("a YAML error's message", () => {
  it('keeps its first line and drops the position yaml appends', () => {
    expect(firstLine('Unexpected flow-seq-end at line 1, column 5:\n\n[1]]\n   ^')).toBe('Unexpected flow-seq-end');
    expect(firstLine('Missing closing "quote at line 2, column 1')).toBe('Missing closing "quote');
    expect(firstLine('no position here\nsecond')).toBe('no position here');
  });
});
