import { describe, expect, it } from 'vitest';
import {
  DATA_DEFAULTS,
  LIMITS_DEFAULTS,
  MODEL_DEFAULTS,
  REPORT_DEFAULTS,
  SLICE_DEFAULTS,
  SEARCH_DEFAULTS,
  SPEC_DEFAULTS,
  TRAINING_DEFAULTS,
} from '../../src/spec/defaults.js';
import { schema, type SchemaNode } from '../../src/spec/schema.js';

const section = (name: string): SchemaNode => schema.properties![name];
const keys = (node: SchemaNode): string[] => Object.keys(node.properties ?? {}).sort();
const defaultsOf = (node: SchemaNode): Record<string, unknown> =>
  Object.fromEntries(Object.entries(node.properties ?? {}).filter(([, p]) => 'default' in p).map(([k, p]) => [k, p.default]));

/** Every schema node that describes a key, with its dotted path. */
function everyKey(node: SchemaNode, path: string): [string, SchemaNode][] {
  const children: [string, SchemaNode][] = [
    ...Object.entries(node.properties ?? {}),
    ...(node.oneOf ?? []).flatMap((b) => Object.entries(b.properties ?? {})),
    ...Object.entries(node.$defs ?? {}),
  ];
  return children.flatMap(([key, child]) => [[`${path}${key}`, child] as [string, SchemaNode], ...everyKey(child, `${path}${key}.`)]);
}

describe('the schema and the typed defaults', () => {
  it('name the same training keys with the same defaults, `epochs` (the alternative to iterations) having none', () => {
    expect(keys(section('training'))).toEqual([...Object.keys(TRAINING_DEFAULTS), 'epochs'].sort());
    expect(defaultsOf(section('training'))).toEqual(TRAINING_DEFAULTS);
  });

  it('name the same model keys with the same defaults', () => {
    expect(keys(section('model'))).toEqual(Object.keys(MODEL_DEFAULTS).sort());
    expect(defaultsOf(section('model'))).toEqual(MODEL_DEFAULTS);
  });

  it('name the same report keys with the same defaults', () => {
    expect(keys(section('report'))).toEqual([...Object.keys(REPORT_DEFAULTS), 'select'].sort());
    expect(defaultsOf(section('report'))).toEqual(REPORT_DEFAULTS);
  });

  it('name the same data keys, with `path` as the only key without a default', () => {
    expect(keys(section('data'))).toEqual([...Object.keys(DATA_DEFAULTS), 'path'].sort());
    expect(defaultsOf(section('data'))).toEqual(DATA_DEFAULTS);
  });

  it('give a slice the same defaults, `end` being the split size', () => {
    const slice = schema.$defs!.slice;
    expect(keys(slice)).toEqual(['end', 'split', 'start']);
    expect(defaultsOf(slice)).toEqual(SLICE_DEFAULTS);
  });

  it('name the same top-level keys, `name` being the only one required and `search` the only one without a default', () => {
    expect(keys(schema)).toEqual(['name', 'search', ...Object.keys(SPEC_DEFAULTS)].sort());
    expect(schema.required).toEqual(['name']);
    expect(defaultsOf(schema)).toEqual(SPEC_DEFAULTS);
  });
});

describe('the schema', () => {
  it('describes every key', () => {
    const undescribed = everyKey(schema, '').filter(([, node]) => !node.description).map(([path]) => path);
    expect(undescribed).toEqual([]);
  });

  it('refuses unknown keys in every mapping with fixed keys', () => {
    const open = everyKey(schema, '')
      .filter(([, node]) => node.properties && node.additionalProperties !== false)
      .map(([path]) => path);
    expect(open).toEqual([]);
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('search', () => {
  it('gives seed the default SEARCH_DEFAULTS gives, and trials and space none', () => {
    expect(defaultsOf(section('search'))).toEqual(SEARCH_DEFAULTS);
    expect(section('search').required).toEqual(['trials', 'space']);
  });
});

describe('limits', () => {
  it('name the same keys with the same defaults as LIMITS_DEFAULTS', () => {
    expect(keys(section('limits'))).toEqual(Object.keys(LIMITS_DEFAULTS).sort());
    expect(defaultsOf(section('limits'))).toEqual(LIMITS_DEFAULTS);
  });
});
