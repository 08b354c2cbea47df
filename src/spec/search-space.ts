/**
 * `search.space`: each key must be one a grid could vary (and not also be a grid key); each
 * distribution's bounds must be sound (lo < hi, log bounds > 0) and valid values of the key,
 * and a real-valued draw can't feed an integer key. Problems are placed at the bound or key.
 */
import { distributionProblem, kindOf, type Distribution } from '../plan/search.js';
import { closest } from './did-you-mean.js';
import { isLayerKey, layerPointer, variableKeys } from './grid-keys.js';
import { problemAtPath, type Source } from './locate.js';
import { specMessages } from './messages.js';
import type { RawSpec } from './normalize.js';
import type { Problem } from './problem.js';
import { nodeAt, pointerOf, validateAt, type SchemaNode } from './schema.js';
import { schemaProblems } from './schema-errors.js';

export function checkSearchSpace(raw: RawSpec, source: Source): Problem[] {
  const space = raw.search?.space;
  if (!isMapping(space)) return []; // the schema reports it
  const grid = isMapping(raw.grid) ? raw.grid : {};
  const problems: Problem[] = [];
  for (const [key, distribution] of Object.entries(space) as [string, Distribution][]) {
    const at = ['search', 'space', key];
    // a layer's parameter as the grid takes it (model.layers.3.dropout), else a key of the schema
    const layer = isLayerKey(key) ? layerPointer(raw, key, 'search.space') : null;
    if (typeof layer === 'object' && layer !== null) {
      problems.push(problemAtPath(source, at, 'key', layer.problem));
      continue;
    }
    const found = layer !== null ? { pointer: layer, node: nodeAt(layer) } : variableKeys().includes(key) ? pointerOf(key.split('.')) : null;
    if (!found) {
      problems.push(problemAtPath(source, at, 'key', specMessages.searchKeyUnknown(key, closest(key, variableKeys()))));
      continue;
    }
    if (Object.hasOwn(grid, key)) {
      problems.push(problemAtPath(source, at, 'key', specMessages.searchKeyInGrid(key)));
      continue;
    }
    if (!isMapping(distribution) || Object.keys(distribution).length !== 1) continue; // the schema reports it
    const kind = kindOf(distribution);
    const values = (distribution as Record<string, unknown>)[kind];
    if (!Array.isArray(values)) continue;
    const bad = distributionProblem(distribution);
    if (bad) {
      problems.push(problemAtPath(source, bad.bound === null ? [...at, kind] : [...at, kind, bad.bound], 'value', specMessages.searchBound(key, bad.message)));
      continue;
    }
    if ((kind === 'uniform' || kind === 'loguniform') && isInteger(found.node)) {
      problems.push(problemAtPath(source, [...at, kind], 'key', specMessages.searchRealForInteger(key, kind)));
      continue;
    }
    // the bounds (a range's draws lie between them) or every choice must be a value the key takes
    values.forEach((value, i) => problems.push(...schemaProblems(validateAt(found.pointer, value), value, source, [...at, kind, i])));
  }
  return problems;
}

function isInteger(node: SchemaNode): boolean {
  const types = Array.isArray(node.type) ? node.type : [node.type];
  return types.includes('integer') && !types.includes('number');
}

function isMapping(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
