/**
 * The nesting check that runs between parsing and composing a spec's YAML, so that a
 * hostile spec is refused before yaml recurses (hostile-specs.test.ts has the huge ones).
 */
import { LineCounter } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadSpecText } from '../../src/spec/load.js';
import { specMessages } from '../../src/spec/messages.js';
import { MAX_NESTING, parseYaml } from '../../src/spec/nesting.js';

const parse = (text: string, max?: number) => parseYaml(text, new LineCounter(), {}, max);
/** A flow list nested `depth` levels deep: [[[1]]] is 3. */
const flow = (depth: number): string => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

describe('the nesting of a spec', () => {
  it('allows collections nested exactly as deep as the limit: the document itself is no level', () => {
    expect(parse('a: 1', 1)).toMatchObject({ tooDeepAt: null });
    expect(parse(flow(3), 3).doc?.toJS()).toEqual([[[1]]]);
    expect(parse('a:\n  b:\n    - 1\n', 3).doc?.toJS()).toEqual({ a: { b: [1] } });
  });

  it('refuses one level more, at the offset of the first collection past the limit', () => {
    expect(parse(flow(4), 3)).toEqual({ doc: null, tooDeepAt: 3 });
    expect(parse('a:\n  b:\n    - 1\n', 2)).toEqual({ doc: null, tooDeepAt: 12 });
    expect(parse('k: 1\nlist: [1, {x: [2]}]\n', 2)).toEqual({ doc: null, tooDeepAt: 15 }); // the '{'
  });

  it('counts the keys of a mapping as well as its values', () => {
    expect(parse('? [[1]]\n: 1\n', 2)).toEqual({ doc: null, tooDeepAt: 3 });
    expect(parse('? [[1]]\n: 1\n', 3).doc).not.toBeNull();
  });

  it(`allows ${MAX_NESTING} levels by default and refuses ${MAX_NESTING + 1}, naming the line and column`, () => {
    expect(parse(flow(MAX_NESTING)).tooDeepAt).toBeNull();
    expect(parse(flow(MAX_NESTING + 1)).tooDeepAt).toBe(MAX_NESTING);
    const { problems } = loadSpecText(`name: x\ngrid:\n  a: ${flow(MAX_NESTING)}\n`, 'deep.yaml', { specDir: '/nowhere', set: [] });
    expect(problems.map((p) => p.message)).toEqual([specMessages.tooDeep(MAX_NESTING)]);
    // the spec's mapping and grid's are levels 1 and 2: level 65 is the 63rd '[', from column 6
    expect(problems[0]).toMatchObject({ file: 'deep.yaml', line: 3, col: 6 + 62 });
  });

  it('keeps the first document of several and says the rest are not allowed', () => {
    const { doc } = parse('a: 1\n---\nb: 2\n---\nc: 3\n');
    expect(doc?.toJS()).toEqual({ a: 1 });
    expect(doc?.errors.map((e) => e.code)).toEqual(['MULTIPLE_DOCS']);
  });
});
