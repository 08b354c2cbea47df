import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/spec/load.js';
import { formatProblems } from '../../src/spec/problem.js';

const root = new URL('../..', import.meta.url).pathname;
const examples = readdirSync(join(root, 'experiments')).filter((f) => f.endsWith('.yaml'));

describe('the examples in experiments/', () => {
  it('include the seed experiment and at least two more', () => {
    expect(examples).toContain('lr-comparison.yaml');
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(examples)('%s validates against the schema and the dataset', async (file) => {
    const { spec, problems } = await loadSpec(join('experiments', file), { cwd: root });
    expect(formatProblems(problems)).toBe('');
    expect(spec?.name).toBe(file.replace(/\.yaml$/, ''));
    expect(spec?.description.length).toBeGreaterThan(40);
  });

  it.each(examples)('%s names the schema for editors on its first line', (file) => {
    const firstLine = readFileSync(join(root, 'experiments', file), 'utf8').split('\n')[0];
    expect(firstLine).toBe('# yaml-language-server: $schema=../schemas/experiment.schema.json');
  });
});
