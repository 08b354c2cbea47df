/**
 * Grid keys must name a key of the spec inside data, model or training (or `model` itself,
 * to compare whole networks); each value must suit that key. A key inside `model.layers`
 * names a layer by its index and one of that layer's parameters: model.layers.6.dropout.
 */
import { DATA_DEFAULTS } from './defaults.js';
import { closest } from './did-you-mean.js';
import { layerTypeOf } from './layers.js';
import { problemAtPath, type Source } from './locate.js';
import { specMessages, type VaryingSection } from './messages.js';
import type { RawSpec } from './normalize.js';
import type { Problem } from './problem.js';
import { knownPaths, pointerOf, schema, validateAt } from './schema.js';
import { schemaProblems } from './schema-errors.js';
import { lastDuplicate } from './unique-items.js';

const SECTIONS = ['data', 'model', 'training'];
/** Sections a grid may replace whole. */
const WHOLE = ['model'];
const FIXED = ['data.dataset', 'data.path'];
/** The schema of a layer written as a mapping (the second branch of $defs/layer). */
const LAYER_POINTER = '/$defs/layer';
const LAYER_MAPPING_POINTER = `${LAYER_POINTER}/oneOf/1`;

/** Dotted keys a grid may vary: everything below data, model and training but where the data come from, and `model`. */
export function variableKeys(): string[] {
  return knownPaths().filter(
    (key) => WHOLE.includes(key) || (SECTIONS.includes(key.split('.')[0]) && key.includes('.') && !FIXED.includes(key)),
  );
}

/** A grid key's values with where each was written: its index in a list, or its name in a mapping of names to values. */
export function gridEntries(values: unknown): [string | number, unknown][] {
  if (Array.isArray(values)) return values.map((value, i) => [i, value]);
  return isMapping(values) ? Object.entries(values) : [];
}

export function checkGrid(raw: RawSpec, source: Source): Problem[] {
  const problems: Problem[] = [];
  const grid = isMapping(raw.grid) ? raw.grid : {};
  for (const [key, values] of Object.entries(grid)) {
    const pointer = pointerOfGridKey(raw, key);
    if (typeof pointer !== 'string') {
      problems.push(problemAtPath(source, ['grid', key], 'key', pointer.problem));
      continue;
    }
    const entries = gridEntries(values);
    for (const [label, value] of entries) {
      problems.push(...schemaProblems(validateAt(pointer, value), value, source, ['grid', key, label]));
    }
    const duplicate = isMapping(values) ? lastDuplicate(entries.map(([, value]) => value)) : null;
    if (duplicate) {
      const [first, second] = [entries[duplicate.j][0], entries[duplicate.i][0]];
      problems.push(problemAtPath(source, ['grid', key, second], 'key', specMessages.duplicateNamedValues(key, String(first), String(second))));
    }
  }
  return problems;
}

/** The JSON pointer of the schema a grid key's values must match, or why the key cannot be varied. */
function pointerOfGridKey(raw: RawSpec, key: string): string | { problem: string } {
  const path = key.split('.');
  const known = knownPaths().includes(key);
  if (FIXED.includes(key) || (SECTIONS.includes(key) && !WHOLE.includes(key)) || (known && !SECTIONS.includes(path[0]))) {
    return { problem: specMessages.gridKeyNotVariable(key) };
  }
  if (path[0] === 'model' && path[1] === 'layers' && path.length > 2) return layerPointer(raw, key);
  const found = SECTIONS.includes(path[0]) ? pointerOf(path) : null;
  const evaluate = isMapping(raw.data) && raw.data.evaluate !== undefined ? raw.data.evaluate : DATA_DEFAULTS.evaluate;
  const unknownSlice = found?.viaAdditional === true && !(isMapping(evaluate) && Object.hasOwn(evaluate, path[2]));
  if (!found || unknownSlice) return { problem: specMessages.gridKeyUnknown(key, closest(key, variableKeys())) };
  return found.pointer;
}

/** Whether a key varies a layer of `model.layers` (`model.layers.6.dropout`), which the schema's paths do not list. */
export const isLayerKey = (key: string): boolean => /^model\.layers\.[^.]+/.test(key);

/**
 * `model.layers.<index>[.<type>[.<parameter>]]`: the layer must exist in the spec and have that
 * parameter. The JSON pointer of the schema its values must match, or why it cannot vary.
 */
export function layerPointer(raw: RawSpec, key: string, section: VaryingSection = 'grid'): string | { problem: string } {
  const layers = isMapping(raw.model) ? raw.model.layers : undefined;
  if (!Array.isArray(layers)) return { problem: specMessages.gridLayerNoLayers(key, section) };
  const [, , indexText, type, parameter] = key.split('.');
  const index = /^\d+$/.test(indexText) ? Number(indexText) : Infinity;
  if (index >= layers.length) return { problem: specMessages.gridLayerOutOfRange(key, layers.length, section) };
  if (type === undefined) return LAYER_POINTER;
  const candidates = layerKeys(index, layers[index]);
  if (!candidates.includes(key)) return { problem: specMessages.gridLayerKey(key, index, layers[index], closest(key, candidates), section) };
  return `${LAYER_MAPPING_POINTER}/properties/${type}${parameter === undefined ? '' : `/properties/${parameter}`}`;
}

/** The grid keys of one written layer: `model.layers.6.dropout`, `model.layers.0.conv`, `model.layers.0.conv.filters`, ... */
function layerKeys(index: number, written: unknown): string[] {
  const type = layerTypeOf(written);
  const mapping = schema.$defs!.layer.oneOf![1].properties!;
  if (type === null || !Object.hasOwn(mapping, type)) return [];
  const prefix = `model.layers.${index}.${type}`;
  return [prefix, ...Object.keys(mapping[type].properties ?? {}).map((parameter) => `${prefix}.${parameter}`)];
}

function isMapping(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
