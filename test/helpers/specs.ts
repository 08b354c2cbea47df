/** A spec from YAML lines, for tests of what comes after loading: it must load without a problem. */
import { expect } from 'vitest';
import { loadSpecText } from '../../src/spec/load.js';
import type { ExperimentSpec } from '../../src/spec/types.js';

export function specOf(...lines: string[]): ExperimentSpec {
  const { spec, problems } = loadSpecText(`${lines.join('\n')}\n`, 'spec.yaml', { specDir: '/' });
  expect(problems).toEqual([]);
  return spec!;
}
