/** Grid keys must name a key of the spec inside data, model or training; each value must suit that key. */
import { DATA_DEFAULTS } from './defaults.js';
import { closest } from './did-you-mean.js';
import { problemAtPath, type Source } from './locate.js';
import { specMessages } from './messages.js';
import type { RawSpec } from './normalize.js';
import type { Problem } from './problem.js';
import { knownPaths, pointerOf, validateAt } from './schema.js';
import { schemaProblems } from './schema-errors.js';

const SECTIONS = ['data', 'model', 'training'];
const FIXED = ['data.dataset', 'data.path'];

/** Dotted keys a grid may vary: everything below data, model and training but where the data come from. */
export function variableKeys(): string[] {
  return knownPaths().filter((key) => SECTIONS.includes(key.split('.')[0]) && key.includes('.') && !FIXED.includes(key));
}

export function checkGrid(raw: RawSpec, source: Source): Problem[] {
  const problems: Problem[] = [];
  const grid = isMapping(raw.grid) ? raw.grid : {};
  for (const [key, values] of Object.entries(grid)) {
    const path = key.split('.');
    const keyProblem = (message: string) => problemAtPath(source, ['grid', key], 'key', message);
    const known = knownPaths().includes(key);
    if (FIXED.includes(key) || SECTIONS.includes(key) || (known && !SECTIONS.includes(path[0]))) {
      problems.push(keyProblem(specMessages.gridKeyNotVariable(key)));
      continue;
    }
    const found = SECTIONS.includes(path[0]) ? pointerOf(path) : null;
    const evaluate = isMapping(raw.data) && raw.data.evaluate !== undefined ? raw.data.evaluate : DATA_DEFAULTS.evaluate;
    const unknownSlice = found?.viaAdditional === true && !(isMapping(evaluate) && Object.hasOwn(evaluate, path[2]));
    if (!found || unknownSlice) {
      problems.push(keyProblem(specMessages.gridKeyUnknown(key, closest(key, variableKeys()))));
      continue;
    }
    if (!Array.isArray(values)) continue; // the schema reports it
    values.forEach((value, i) => {
      problems.push(...schemaProblems(validateAt(found.pointer, value), value, source, ['grid', key, i]));
    });
  }
  return problems;
}

function isMapping(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
