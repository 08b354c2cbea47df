/** `--set key.path=value` arguments: parsed as YAML and applied over the file's values. */
import { LineCounter } from 'yaml';
import { setProblem, type Override } from './locate.js';
import { specMessages } from './messages.js';
import { MAX_NESTING, parseYaml, unusableValueAt } from './nesting.js';
import type { Problem } from './problem.js';

/** Splits `key.path=value`; grid keys keep their dots (`grid.training.learning_rate=[0.1, 0.2]`). */
export function parseOverride(arg: string): Override | Problem[] {
  const equals = arg.indexOf('=');
  const key = equals < 0 ? '' : arg.slice(0, equals);
  if (equals < 0 || key === '' || key.split('.').some((segment) => segment === '')) {
    return [setProblem({ arg }, 0, specMessages.setSyntax(arg))];
  }
  const dotted = key.split('.');
  const path = dotted[0] === 'grid' && dotted.length > 1 ? ['grid', dotted.slice(1).join('.')] : dotted;
  const segmentOffsets: number[] = [];
  let offset = 0;
  for (const segment of path) {
    segmentOffsets.push(offset);
    offset += segment.length + 1;
  }
  const valueOffset = equals + 1;
  const parsed = parseYaml(arg.slice(valueOffset), new LineCounter(), { uniqueKeys: true });
  if (parsed.doc === null) return [setProblem({ arg }, valueOffset + parsed.tooDeepAt, specMessages.tooDeep(MAX_NESTING))];
  const valueDoc = parsed.doc;
  if (valueDoc.errors.length > 0) {
    return valueDoc.errors.map((error) =>
      setProblem({ arg }, valueOffset + error.pos[0], specMessages.yamlError(firstLine(error.message))),
    );
  }
  const unusable = unusableValueAt(valueDoc);
  if (unusable !== null) return [setProblem({ arg }, valueOffset + unusable.at, unusable.message)];
  let value: unknown;
  try {
    value = valueDoc.toJS({ maxAliasCount: 100 });
  } catch {
    return [setProblem({ arg }, valueOffset, specMessages.aliasBomb(100))];
  }
  return { arg, path, segmentOffsets, valueOffset, valueDoc, value };
}

/** Sets each override's value into `target`, making mappings on the way; problems where a parent is not a mapping. */
export function applyOverrides(target: Record<string, unknown>, overrides: Override[]): Problem[] {
  const problems: Problem[] = [];
  for (const override of overrides) {
    let node: Record<string, unknown> = target;
    const parents = override.path.slice(0, -1);
    let ok = true;
    for (let i = 0; i < parents.length; i++) {
      // own keys only, as yaml reads a file's: `__proto__` is a key like any other (one the schema refuses), never the prototype
      const next = Object.hasOwn(node, parents[i]) ? node[parents[i]] : undefined;
      const index = override.path[i + 1];
      if (next === undefined || next === null) setOwn(node, parents[i], {});
      else if (Array.isArray(next) && /^\d+$/.test(index) && Number(index) < next.length) {
        // an item of a list, by its index: model.layers.0.conv.filters
      } else if (typeof next !== 'object' || Array.isArray(next)) {
        problems.push(setProblem(override, override.segmentOffsets[i + 1], specMessages.setNotMapping(parents.slice(0, i + 1).join('.'))));
        ok = false;
        break;
      }
      node = node[parents[i]] as Record<string, unknown>;
    }
    if (ok) setOwn(node, override.path[override.path.length - 1], structuredClone(override.value));
  }
  return problems;
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A yaml error's message without the code frame yaml appends. */
export function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
