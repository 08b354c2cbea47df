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
import { LAYER_TYPES } from '../../src/core/layers/registry.js';
import { BATCHNORM_DEFAULTS, CONV_DEFAULTS, SPEC_LAYERS } from '../../src/spec/layers.js';
import { OPTIMIZER_NAMES, OPTIMIZERS, OPTIMIZER_SETTING_DEFAULTS } from '../../src/spec/optimizers.js';

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

  it('name the same model keys with the same defaults, `layers` being the only key without one', () => {
    expect(keys(section('model'))).toEqual([...Object.keys(MODEL_DEFAULTS), 'layers'].sort());
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

describe('the schema and the registries', () => {
  const layer = schema.$defs!.layer;
  const [bare, mapping] = layer.oneOf!;

  it('accept exactly the layer types of the core\'s registry, each written alone or as a mapping', () => {
    const written = [...(bare.enum as string[]), ...Object.keys(mapping.properties!)];
    expect(new Set(written)).toEqual(new Set(LAYER_TYPES));
    expect(Object.keys(SPEC_LAYERS).sort()).toEqual([...LAYER_TYPES].sort());
  });

  it('give conv and batchnorm the defaults the spec fills in', () => {
    expect(defaultsOf(mapping.properties!.conv)).toEqual(CONV_DEFAULTS);
    expect(defaultsOf(mapping.properties!.batchnorm)).toEqual(BATCHNORM_DEFAULTS);
  });

  it('name the optimizers of the registry, and the settings they read with the registry\'s defaults', () => {
    expect(section('training').properties!.optimizer.enum).toEqual(OPTIMIZER_NAMES);
    const settings = [...new Set(Object.values(OPTIMIZERS).flatMap((o) => o.reads))].sort();
    expect(settings).toEqual(Object.keys(OPTIMIZER_SETTING_DEFAULTS).sort());
    for (const key of settings) expect(section('training').properties![key].default, key).toBe(OPTIMIZER_SETTING_DEFAULTS[key]);
  });
});
