/** Ajv's errors, turned into problems located where the offending key or value was written. */
import { closest } from './did-you-mean.js';
import { problemAtPath, type Path, type Source } from './locate.js';
import { specMessages } from './messages.js';
import type { Problem } from './problem.js';
import type { SchemaError, SchemaNode } from './schema.js';
import { LAYER_TYPES } from '../core/layers/registry.js';

/** Errors of a layer of model.layers: said in terms of layers, not keys and values. */
const LAYER_SCHEMA = '#/$defs/layer/';

/** `training.learning_rate`, `grid.model.hidden[1]`, or `(top level)`. */
export function labelOf(path: Path): string {
  if (path.length === 0) return '(top level)';
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** Ajv's instancePath as segments, array indices as numbers. */
function segmentsOf(instancePath: string, data: unknown): Path {
  if (instancePath === '') return [];
  const path: Path = [];
  let node: any = data;
  for (const raw of instancePath.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const isIndex = Array.isArray(node);
    path.push(isIndex ? Number(segment) : segment);
    node = node?.[segment];
  }
  return path;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

function branchAccepts(branch: SchemaNode, value: unknown): boolean {
  const type = jsonType(value);
  if (branch.type) {
    const types = Array.isArray(branch.type) ? branch.type : [branch.type];
    return types.includes(type) || (type === 'integer' && types.includes('number'));
  }
  if (branch.enum) return branch.enum.some((allowed) => jsonType(allowed) === type || typeof allowed === typeof value);
  return true;
}

function hasRequiredKeys(branch: SchemaNode, value: unknown): boolean {
  if (!branch.required || value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return branch.required.every((key) => Object.hasOwn(value, key));
}

function describeBranch(branch: SchemaNode): string {
  if (branch.enum) return `one of ${branch.enum.map(String).join(', ')}`;
  if (branch.type === 'object' && branch.required) return `{ ${branch.required.map((k) => `${k}: ...`).join(', ')} }`;
  return String(branch.type ?? 'a value');
}

/**
 * Keeps the errors a user can act on: for a failed `oneOf`, the errors of the one branch whose
 * type matches the value, or a single message naming the choices when none does.
 */
function pruneOneOf(errors: SchemaError[]): SchemaError[] {
  // propertyNames repeats each inner error with the name attached: keep the outer one only.
  let kept = errors.filter((e) => e.keyword === 'propertyNames' || (e as { propertyName?: string }).propertyName === undefined);
  for (const oneOf of errors.filter((e) => e.keyword === 'oneOf')) {
    const branches = (oneOf.schema as SchemaNode[]) ?? [];
    const typed = branches.map((b, i) => (branchAccepts(b, oneOf.data) ? i : -1)).filter((i) => i >= 0);
    // among mappings, the branch whose required keys the value has (e.g. `{ choice: [] }` is a choice)
    const keyed = typed.filter((i) => hasRequiredKeys(branches[i], oneOf.data));
    const matching = typed.length > 1 && keyed.length === 1 ? keyed : typed;
    // Errors of the same oneOf at another value (another item of model.layers) are that value's business.
    const within = (e: SchemaError) => e.instancePath === oneOf.instancePath || e.instancePath.startsWith(`${oneOf.instancePath}/`);
    kept = kept.filter((e) => {
      if (!e.schemaPath.startsWith(`${oneOf.schemaPath}/`) || !within(e)) return e !== oneOf || matching.length !== 1;
      return matching.length === 1 && e.schemaPath.startsWith(`${oneOf.schemaPath}/${matching[0]}/`);
    });
  }
  return kept;
}

const RANGE_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'];

/**
 * One message for one mistake: a fraction out of an integer's range (`epochs: 0.001`) fails
 * both `type: integer` and `minimum`, and the range's message ("expected an integer >= 1")
 * says what the type's does, so the type's is left out.
 */
function pruneIntegerType(errors: SchemaError[]): SchemaError[] {
  const ranged = new Set(errors.filter((e) => RANGE_KEYWORDS.includes(e.keyword) && (e.parentSchema as SchemaNode | undefined)?.type === 'integer').map((e) => e.instancePath));
  return errors.filter((e) => !(e.keyword === 'type' && (e.params as { type?: unknown }).type === 'integer' && ranged.has(e.instancePath)));
}

/** Problems for schema errors of `data`, whose paths are placed under `prefix` in the spec. */
export function schemaProblems(errors: SchemaError[], data: unknown, source: Source, prefix: Path = []): Problem[] {
  return pruneIntegerType(pruneOneOf(errors)).map((error) => {
    const path = [...prefix, ...segmentsOf(error.instancePath, data)];
    const key = labelOf(path);
    const params = error.params as Record<string, any>;
    const parent = error.parentSchema as SchemaNode | undefined;
    const at = (target: 'key' | 'value', where: Path, message: string) => problemAtPath(source, where, target, message);
    if (error.schemaPath.startsWith(LAYER_SCHEMA) && (error.keyword === 'additionalProperties' || error.keyword === 'enum')) {
      return layerProblem(error, path, source);
    }
    switch (error.keyword) {
      case 'additionalProperties': {
        const allowed = Object.keys(parent?.properties ?? {});
        const unknown = String(params.additionalProperty);
        return at('key', [...path, unknown], specMessages.unknownKey(key, unknown, allowed, closest(unknown, allowed)));
      }
      case 'propertyNames':
        return at('key', [...path, String(params.propertyName)], nameMessage(key, params.propertyName));
      case 'required':
        return at('value', path, specMessages.missingKey(key, String(params.missingProperty)));
      case 'type':
        if (path.length === 0 && (error.data === null || error.data === undefined)) return at('value', path, specMessages.emptyDocument());
        return at('value', path, specMessages.expectedType(key, String(params.type).split(','), error.data));
      case 'enum': {
        const allowed = params.allowedValues as unknown[];
        const suggestion = typeof error.data === 'string' ? closest(error.data, allowed.map(String)) : null;
        return at('value', path, specMessages.expectedOneOf(key, allowed, error.data, suggestion));
      }
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        return at('value', path, specMessages.outOfRange(key, parent?.type === 'integer' ? 'an integer' : 'a number', String(params.comparison), Number(params.limit), error.data));
      case 'minProperties':
        if (path.at(-1) === 'hold_out') return at('value', path, specMessages.oneHeldOutPart(key));
        if (path.length === 2 && path[0] === 'grid') return at('value', path, specMessages.emptyGridList(String(path[1])));
        return at('value', path, specMessages.schemaOther(key, error.message ?? error.keyword));
      case 'maxProperties':
        if (path.at(-1) === 'hold_out') return at('value', path, specMessages.oneHeldOutPart(key));
        return at('value', path, specMessages.oneLayerPerItem(key));
      case 'minItems':
        if (path.length === 2 && path[0] === 'grid') return at('value', path, specMessages.emptyGridList(String(path[1])));
        return at('value', path, specMessages.tooFewItems(key, Number(params.limit), error.data));
      case 'maxItems':
        return at('value', path, specMessages.tooManyItems(key, Number(params.limit)));
      case 'minLength':
        return at('value', path, specMessages.tooShort(key, Number(params.limit)));
      case 'maxLength':
        return at('value', path, specMessages.tooLong(key, Number(params.limit)));
      case 'pattern':
        return at('value', path, nameMessage(key, error.data));
      case 'uniqueItems':
        return at('value', [...path, Number(params.i)], specMessages.duplicateItems(key, Number(params.j), Number(params.i)));
      case 'oneOf': {
        const choices = ((error.schema as SchemaNode[]) ?? []).map(describeBranch).join(' or ');
        return at('value', path, specMessages.noVariant(key, error.data, choices));
      }
      default:
        return at('value', path, specMessages.schemaOther(key, error.message ?? error.keyword));
    }
  });
}

/**
 * A name the schema's pattern refused: a name of safe characters that starts with '.' (which
 * would make a hidden folder, results/.x or runs/.x) is said to be that, any other one unsafe.
 */
function nameMessage(key: string, name: unknown): string {
  return typeof name === 'string' && /^\.[A-Za-z0-9_.-]*$/.test(name) ? specMessages.hiddenName(key, name) : specMessages.notSafeName(key, name);
}

/** An unknown layer (`- cnov: ...`, `- rleu`), or a layer that needs parameters written alone (`- conv`). */
function layerProblem(error: SchemaError, path: Path, source: Source): Problem {
  const label = labelOf(path);
  if (error.keyword === 'enum' && typeof error.data === 'string' && (LAYER_TYPES as string[]).includes(error.data)) {
    return problemAtPath(source, path, 'value', specMessages.layerNeedsParameters(label, error.data));
  }
  const name = error.keyword === 'enum' ? error.data : String((error.params as { additionalProperty: string }).additionalProperty);
  const where: Path = error.keyword === 'enum' ? path : [...path, String(name)];
  if (error.keyword === 'additionalProperties' && (LAYER_TYPES as unknown[]).includes(name)) {
    return problemAtPath(source, where, 'key', specMessages.layerTakesNoParameters(label, String(name)));
  }
  const suggestion = typeof name === 'string' ? closest(name, LAYER_TYPES) : null;
  return problemAtPath(source, where, error.keyword === 'enum' ? 'value' : 'key', specMessages.unknownLayer(label, name, LAYER_TYPES, suggestion));
}
