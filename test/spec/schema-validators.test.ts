/**
 * The build writes the schema's validators out as code (dist/spec/schema-validators.js); the
 * command line uses them. They must report what Ajv compiling the schema reports (tests run
 * from src/ use that), for every sub-schema a spec key can name.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packageFile } from '../../src/core/package-files.js';
import { knownPaths, pointerOf, schemaPointers, validateAt, validateAgainstSchema } from '../../src/spec/schema.js';

interface Generated {
  root: (value: unknown) => boolean;
  pointers: Record<string, ((value: unknown) => boolean) & { errors?: unknown[] | null }>;
  schemaSha256: string;
}
const generated = (await import(packageFile('dist/spec/schema-validators.js'))) as Generated & { root: { errors?: unknown[] | null } };

function errorsOf(validate: ((value: unknown) => boolean) & { errors?: unknown[] | null }, value: unknown): unknown[] {
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

const examples = readdirSync(packageFile('experiments'))
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => parse(readFileSync(join(packageFile('experiments'), name), 'utf8')) as Record<string, unknown>);

/** Values of every type, in and out of most ranges. */
const probes: unknown[] = [null, true, 'x', '', 0, -1, 0.5, 1.5, 3, 1e12, [], [1, 1], [0.1, 'a'], {}, { a: 1 }, { type: 'affine', size: 5 }];

describe("the build's generated validators", () => {
  it('are those of the schema as it is now (else the command line would compile it)', () => {
    const text = readFileSync(packageFile('schemas/experiment.schema.json'));
    expect(generated.schemaSha256).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('cover the sub-schema of every key a spec can name, in a slice of any name too', () => {
    const paths = [...knownPaths(), 'data.evaluate.any-name', 'data.evaluate.any-name.start', 'data.evaluate.any-name.every', 'data.train.hold_out.validation'];
    const pointers = new Set(schemaPointers());
    const missing = paths.flatMap((path) => {
      const found = pointerOf(path.split('.'));
      return found === null || pointers.has(found.pointer) ? [] : [`${path} (${found.pointer})`];
    });
    expect(missing).toEqual([]);
    expect(Object.keys(generated.pointers).sort()).toEqual([...pointers].sort());
  });

  it('report what Ajv compiling the schema reports, for the examples and for broken copies of them', () => {
    expect(examples.length).toBeGreaterThan(3);
    const broken = examples.flatMap((spec) => [spec, { ...spec, bogus: 1 }, { ...spec, name: 'no spaces allowed' }, { ...spec, grid: { 'training.seed': [1, 2, 1] } }, { ...spec, training: { learning_rate: -1, batch_size: 'x' } }]);
    for (const spec of broken) expect(errorsOf(generated.root, spec)).toEqual(validateAgainstSchema(spec));
    expect(broken.filter((spec) => validateAgainstSchema(spec).length > 0).length).toBeGreaterThanOrEqual(examples.length * 4);
  });

  it('report what Ajv reports at every sub-schema, for values of every type', () => {
    let rejected = 0;
    for (const [pointer, validate] of Object.entries(generated.pointers)) {
      for (const value of probes) {
        const expected = validateAt(pointer, value);
        expect(errorsOf(validate, value), `${pointer} ${JSON.stringify(value)}`).toEqual(expected);
        if (expected.length > 0) rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(Object.keys(generated.pointers).length * 5);
  });
});
