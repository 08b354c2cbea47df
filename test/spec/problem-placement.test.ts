/** Where a problem at a path of the spec is placed: the --set that wrote it, the file, or the closest thing written. */
import { LineCounter, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fileProblem, offsetIn, problemAtPath, type Override, type Path, type Source, type Target } from '../../src/spec/locate.js';
import { parseOverride } from '../../src/spec/overrides.js';

function sourceOf(text: string, ...set: string[]): Source {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: true });
  const overrides = set.map((arg) => parseOverride(arg) as Override);
  return { file: 'spec.yaml', text, doc, lineCounter, overrides };
}
const place = (source: Source, path: Path, target: Target = 'value') => {
  const p = problemAtPath(source, path, target, 'm');
  return `${p.file}:${p.line}:${p.col}`;
};

const SPEC = 'name: x\ntraining:\n  learning_rate: 0.1\n  seed: 3\nmodel: { hidden: [10, 20] }\n';

describe('a problem in the file', () => {
  it('is placed at the value, or at the key, of the path', () => {
    const source = sourceOf(SPEC);
    expect(place(source, ['training', 'learning_rate'])).toBe('spec.yaml:3:18');
    expect(place(source, ['training', 'learning_rate'], 'key')).toBe('spec.yaml:3:3');
    expect(place(source, ['model', 'hidden', 1])).toBe('spec.yaml:5:23');
  });

  it('is placed at the last key written on the way when the path goes further than the file', () => {
    const source = sourceOf(SPEC);
    expect(place(source, ['training', 'momentum'])).toBe('spec.yaml:2:1');
    expect(place(source, ['training', 'seed', 'deeper', 'still'])).toBe('spec.yaml:4:3');
    expect(place(source, ['model', 'hidden', 5])).toBe('spec.yaml:5:10');
    expect(place(source, ['report', 'compare'])).toBe('spec.yaml:1:1');
    expect(place(sourceOf('name: x\n\nrepeat: 2\n'), [])).toBe('spec.yaml:1:1');
  });

  it('is placed at a null key (`~:`, `null:`, `? `) itself, which the parsed spec names \'\'', () => {
    expect(place(sourceOf('name: x\n~: 1\n'), [''], 'key')).toBe('spec.yaml:2:1');
    expect(place(sourceOf('name: x\ndata:\n  dataset: mnist\n  null: 1\n'), ['data', ''], 'key')).toBe('spec.yaml:4:3');
    expect(place(sourceOf('name: x\ndata:\n  ? \n  : 1\n'), ['data', ''], 'key')).toBe('spec.yaml:3:5');
  });

  it('is placed at the last of two equal keys, which is the one that counts', () => {
    expect(place(sourceOf('seed: 1\nseed: 2\n'), ['seed'])).toBe('spec.yaml:2:7');
  });

  it('quotes the whole line it is on, the last line too', () => {
    const source = sourceOf('a: 1\nb: [1, oops]');
    const last = fileProblem(source, 10, 'm');
    expect(last).toMatchObject({ line: 2, col: 6, source: 'b: [1, oops]' });
    expect(fileProblem(source, 0, 'm')).toMatchObject({ line: 1, col: 1, source: 'a: 1' });
  });
});

describe('a problem with a value a --set wrote', () => {
  it('is placed in that argument, at the value or inside it', () => {
    const source = sourceOf(SPEC, 'training.learning_rate=-1', 'model.hidden=[1, -2]');
    expect(place(source, ['training', 'learning_rate'])).toBe('--set:1:24');
    expect(place(source, ['model', 'hidden', 1])).toBe('--set:1:18');
  });

  it('is placed at the key of the argument when the key is the problem', () => {
    expect(place(sourceOf(SPEC, 'training.learning_rat=0.1'), ['training', 'learning_rat'], 'key')).toBe('--set:1:10');
  });

  it('is placed at the value of the argument when the path inside the value is not written', () => {
    expect(place(sourceOf(SPEC, 'model={hidden: [1]}'), ['model', 'activation'])).toBe('--set:1:7');
  });

  it('is placed in the last argument that wrote the path, not the first', () => {
    const source = sourceOf(SPEC, 'training.seed=1', 'training.seed=22');
    const p = problemAtPath(source, ['training', 'seed'], 'value', 'm');
    expect(p).toMatchObject({ file: '--set', col: 15, source: 'training.seed=22' });
  });

  it('is placed in the file when the argument set another key', () => {
    expect(place(sourceOf(SPEC, 'training.seed=1'), ['training', 'learning_rate'])).toBe('spec.yaml:3:18');
  });

  it('is placed at the segment of an argument that made a mapping the file does not have', () => {
    const source = sourceOf(SPEC, 'limits.max_parameters=1');
    expect(place(source, ['limits'], 'key')).toBe('--set:1:1');
    expect(place(sourceOf(SPEC, 'data.train.end=5'), ['data', 'train'])).toBe('--set:1:6');
  });
});

describe('the offset of a path in a YAML node', () => {
  it('is null where there is no such path, an alias in the way, or a scalar to go through', () => {
    const doc = parseDocument('a: &x { b: 1 }\nc: *x\nd: [1]\ne: 5\n', { keepSourceTokens: true });
    expect(offsetIn(doc.contents, ['a', 'b'], 'value')).toBe(11);
    expect(offsetIn(doc.contents, ['c', 'b'], 'value')).toBeNull();
    expect(offsetIn(doc.contents, ['d', 1], 'value')).toBeNull();
    expect(offsetIn(doc.contents, ['e', 'f'], 'value')).toBeNull();
    expect(offsetIn(doc.contents, ['nothing'], 'key')).toBeNull();
  });
});
