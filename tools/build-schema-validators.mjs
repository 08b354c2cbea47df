// Writes dist/spec/schema-validators.js: the spec schema's validators as code Ajv generates
// (src/spec/schema.ts, standaloneValidators), so that reading a spec does not compile the schema.
import { writeFileSync } from 'node:fs';

const { standaloneValidators } = await import('../dist/spec/schema.js');
writeFileSync(new URL('../dist/spec/schema-validators.js', import.meta.url), standaloneValidators());
