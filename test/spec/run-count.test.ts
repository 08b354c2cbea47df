/** The runs a spec expands to are counted before anything is checked, and refused past the limit. */
import { describe, expect, it } from 'vitest';
import { loadSpecText } from '../../src/spec/load.js';
import { specMessages } from '../../src/spec/messages.js';

const located = (maxRuns: number, ...lines: string[]) =>
  loadSpecText(`${lines.join('\n')}\n`, 'spec.yaml', { specDir: '/', maxRuns }).problems.map((p) => `${p.line}:${p.col}: ${p.message}`);

describe('the run count', () => {
  it('multiplies the grid by repeat, and allows exactly the limit', () => {
    const spec = ['name: x', 'grid: { training.seed: [1, 2, 3] }', 'repeat: 2'];
    expect(located(6, ...spec)).toEqual([]);
    expect(located(5, ...spec)).toEqual([`2:1: ${specMessages.tooManyRuns(6, 5)}`]);
  });

  it('counts named grid values and search trials', () => {
    const spec = ['name: x', 'grid: { training.seed: { a: 1, b: 2 } }', 'search: { trials: 3, space: { training.learning_rate: { uniform: [0.1, 0.2] } } }'];
    expect(located(6, ...spec)).toEqual([]);
    expect(located(5, ...spec)).toEqual([`2:1: ${specMessages.tooManyRuns(6, 5)}`]);
  });

  it('counts a repeat or trials the schema refuses as one, leaving the schema to say so', () => {
    expect(located(1, 'name: x', 'repeat: 0', 'grid: { training.seed: [1, 2] }')).toEqual([`3:1: ${specMessages.tooManyRuns(2, 1)}`]);
    expect(located(2, 'name: x', 'repeat: 1.5', 'grid: { training.seed: [1, 2] }')).toEqual([`2:9: ${specMessages.expectedType('repeat', ['integer'], 1.5)}`]);
    expect(located(2, 'name: x', 'search: { trials: 0, space: { training.seed: { choice: [1] } } }', 'grid: { training.learning_rate: [0.1, 0.2] }')).toEqual([
      `2:19: ${specMessages.outOfRange('search.trials', 'an integer', '>=', 1, 0)}`,
    ]);
  });

  it('is located at search.trials in a spec with no grid, and at repeat in one with neither, naming that key', () => {
    expect(located(1000, 'name: x', 'search: { trials: 1000000000, space: { training.seed: { int: [1, 9] } } }')).toEqual([
      `2:11: ${specMessages.tooManyRuns(1e9, 1000, 'search.trials')}`,
    ]);
    expect(located(1000, 'name: x', 'repeat: 2000')).toEqual([`2:1: ${specMessages.tooManyRuns(2000, 1000, 'repeat')}`]);
  });

  it('is refused alone, before the schema looks at any value', () => {
    expect(located(1, 'name: 5', 'grid: { training.seed: [1, -2] }')).toEqual([`2:1: ${specMessages.tooManyRuns(2, 1)}`]);
  });
});
