import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/spec/schema.js';

// The runner compiles the schema without checking it against the meta-schema (that cost more
// at every start than compiling the schema itself); this is where it is checked instead.
describe('the experiment schema', () => {
  it('is a valid JSON Schema 2020-12 document', () => {
    const ajv = new Ajv2020.default({ allErrors: true, strict: false });
    const valid = ajv.validateSchema(schema);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is rejected by the same check when it breaks the meta-schema', () => {
    const ajv = new Ajv2020.default({ allErrors: true, strict: false });
    const broken = { ...schema, properties: { ...schema.properties, name: { type: 'no-such-type' } } };
    expect(ajv.validateSchema(broken)).toBe(false);
  });
});
