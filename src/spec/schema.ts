/** schemas/experiment.schema.json, compiled once with Ajv (JSON Schema 2020-12). */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { packageFile } from '../core/package-files.js';
import { uniqueItemsKeyword } from './unique-items.js';

/** The schema as plain JSON: the user's reference and the single source of truth for the spec's shape. */
export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  required?: string[];
  oneOf?: SchemaNode[];
  items?: SchemaNode;
  $defs?: Record<string, SchemaNode>;
  [keyword: string]: unknown;
}

export const schema = JSON.parse(
  readFileSync(packageFile('schemas/experiment.schema.json'), 'utf8'),
) as SchemaNode & { $id: string };

// Compiled on first use, so commands that validate nothing (--help, report, serve...) do not
// pay for it. The schema is checked against the 2020-12 meta-schema by a test
// (test/spec/schema-meta.test.ts), not at every start: compiling the meta-schema cost more
// than compiling ours.
const ajv = new Ajv2020.default({ allErrors: true, verbose: true, strict: true, strictTypes: false, validateSchema: false });
ajv.removeKeyword('uniqueItems').addKeyword(uniqueItemsKeyword);
let compiled: ValidateFunction | null = null;
const validateSpec = (value: unknown): { valid: boolean; errors: ErrorObject[] } => {
  compiled ??= ajv.compile(schema);
  return { valid: compiled(value) as boolean, errors: compiled.errors ?? [] };
};

export type SchemaError = ErrorObject;

/** Schema errors for a whole spec (empty when valid). */
export function validateAgainstSchema(value: unknown): SchemaError[] {
  const { valid, errors } = validateSpec(value);
  return valid ? [] : [...errors];
}

/** Schema errors for a value at a JSON pointer into the schema (e.g. `/properties/training/properties/seed`). */
export function validateAt(pointer: string, value: unknown): SchemaError[] {
  compiled ??= ajv.compile(schema);
  const validate = ajv.getSchema(`${schema.$id}#${pointer}`) as ValidateFunction;
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

/** The schema node a `$ref` names, or the node itself. */
export function deref(node: SchemaNode, pointer: string): { node: SchemaNode; pointer: string } {
  if (!node.$ref) return { node, pointer };
  const target = node.$ref.replace(/^#/, '');
  const resolved = target.split('/').slice(1).reduce<any>((n, key) => n[key], schema) as SchemaNode;
  return deref(resolved, target);
}

/**
 * The JSON pointer of the sub-schema describing a dotted path of the spec, or null if no
 * key has that path. Walks properties, `additionalProperties` schemas and `oneOf` branches.
 */
export function pointerOf(path: readonly string[]): { pointer: string; node: SchemaNode; viaAdditional: boolean } | null {
  let current = { node: schema as SchemaNode, pointer: '' };
  let viaAdditional = false;
  for (const segment of path) {
    current = deref(current.node, current.pointer);
    const { node, pointer } = current;
    const branches = node.oneOf ? node.oneOf.map((branch, i) => ({ branch, at: `${pointer}/oneOf/${i}` })) : [{ branch: node, at: pointer }];
    const hit = branches.find(({ branch }) => branch.properties && Object.hasOwn(branch.properties, segment));
    if (hit) {
      current = { node: hit.branch.properties![segment], pointer: `${hit.at}/properties/${segment}` };
    } else if (typeof node.additionalProperties === 'object') {
      current = { node: node.additionalProperties, pointer: `${pointer}/additionalProperties` };
      viaAdditional = true;
    } else {
      return null;
    }
  }
  return { ...deref(current.node, current.pointer), viaAdditional };
}

/** Every dotted key path the schema names below `path` (for "did you mean"). */
export function knownPaths(node: SchemaNode = schema, prefix = ''): string[] {
  const { node: resolved } = deref(node, '');
  const properties = {
    ...(resolved.properties ?? {}),
    ...Object.assign({}, ...(resolved.oneOf ?? []).map((b) => b.properties ?? {})),
  } as Record<string, SchemaNode>;
  return Object.entries(properties).flatMap(([key, child]) => {
    const dotted = prefix ? `${prefix}.${key}` : key;
    return [dotted, ...knownPaths(child, dotted)];
  });
}
