import { afterEach, describe, expect, it } from 'vitest';
import { specMessages } from '../../src/spec/messages.js';
import { cli, tempFolder, yaml } from './fake-io.js';
import { cliMessages } from '../../src/cli/messages.js';

let folder: ReturnType<typeof tempFolder> | undefined;
afterEach(() => folder?.remove());

/** Validates one spec written to a temp folder; checks it wrote nothing and printed no stack. */
async function validate(text: string, ...args: string[]) {
  folder = tempFolder({ 'spec.yaml': text });
  const before = folder.files();
  const result = await cli(['validate', 'spec.yaml', ...args], folder.dir);
  expect(folder.files()).toEqual(before);
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  return result;
}

/** The `file:line:col: message` lines of the output. */
const located = (stderr: string): string[] => stderr.split('\n').filter((line) => /^\S+:\d+:\d+: /.test(line));

const valid = yaml(
  'name: tiny',
  'data:',
  '  train: { split: train, end: 1000 }',
  'training:',
  '  batch_size: 10',
  '  iterations: 5',
  'grid:',
  '  training.learning_rate: [0.1, 0.2]',
);

describe('validate', () => {
  it('shows a spec\'s control and bidirectional characters as \\uXXXX, never raw to the terminal, the caret under its character', async () => {
    const result = await validate(yaml('name: x', '"\u001b[31mRED": 1', 'description: ok', 'training: { iterations: 5, optimiser: "\u202eevil" }'));
    expect(result.code).toBe(2);
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(result.stderr).toContain('\\u001b[31mRED');
    // the quoted line and the caret, which stays under the key it points at
    const lines = result.stderr.split('\n');
    const quoted = lines.findIndex((line) => line.includes('    \\u001b[31mRED') || line.includes('"\\u001b[31mRED'));
    expect(quoted).toBeGreaterThan(0);
    expect(lines[quoted + 1].indexOf('^')).toBe(lines[quoted].indexOf('"'));
  });

  it('prints "SPEC: ok (N runs)" and exits 0 for a valid spec', async () => {
    const result = await validate(valid);
    expect(result).toEqual({ code: 0, stdout: `${cliMessages.validOk('spec.yaml', 2)}\n`, stderr: '' });
  });

  it('reports a YAML syntax error at its line and column and exits 2', async () => {
    const result = await validate(yaml('name: x', 'training: { iterations: 5', 'repeat: 1'));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(located(result.stderr)[0]).toMatch(/^spec\.yaml:\d+:\d+: YAML: /);
  });

  it('reports a duplicate key at the second occurrence', async () => {
    const result = await validate(yaml('name: x', 'training:', '  seed: 1', '  seed: 2'));
    expect(located(result.stderr)).toEqual([`spec.yaml:4:3: ${specMessages.yamlError('Map keys must be unique')}`]);
  });

  it('refuses an alias bomb at the first alias', async () => {
    const result = await validate(
      yaml(
        'a: &a [x, x, x, x, x, x, x, x, x, x]',
        'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
        'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
        'name: bomb',
      ),
    );
    expect(located(result.stderr)).toEqual([`spec.yaml:2:8: ${specMessages.aliasBomb(100)}`]);
  });

  it('reports every wrong type, unknown key and misspelt key at once, each where it was written', async () => {
    const result = await validate(
      yaml(
        'name: bad/name',
        'model: { hidden: [50, 0], activaton: relu }',
        'training:',
        '  learning_rate: -1',
        '  batch_size: "many"',
        '  optimiser: adam',
        'colour: blue',
      ),
    );
    expect(result.code).toBe(2);
    expect(located(result.stderr)).toEqual([
      `spec.yaml:1:7: ${specMessages.notSafeName('name', 'bad/name')}`,
      `spec.yaml:2:23: model.hidden[1]: expected an integer >= 1, got 0`,
      `spec.yaml:2:27: ${specMessages.unknownKey('model', 'activaton', [], 'activation')}`,
      `spec.yaml:4:18: ${specMessages.outOfRange('training.learning_rate', 'a number', '>', 0, -1)}`,
      `spec.yaml:5:15: ${specMessages.expectedType('training.batch_size', ['integer'], 'many')}`,
      `spec.yaml:6:3: ${specMessages.unknownKey('training', 'optimiser', [], 'optimizer')}`,
      `spec.yaml:7:1: ${specMessages.unknownKey('(top level)', 'colour', ['name', 'description', 'data', 'model', 'training', 'grid', 'search', 'repeat', 'limits', 'report'], null)}`,
    ]);
    expect(result.stderr).toContain(`${cliMessages.problemsIn('spec.yaml', 7)}\n`);
  });

  it('quotes the offending line with a caret under the column', async () => {
    const result = await validate(yaml('name: x', 'training:', '  learning_rate: -1'));
    expect(result.stderr).toBe(
      `spec.yaml:3:18: ${specMessages.outOfRange('training.learning_rate', 'a number', '>', 0, -1)}\n` +
        '      learning_rate: -1\n' +
        '                     ^\n' +
        `${cliMessages.problemsIn('spec.yaml', 1)}\n`,
    );
  });

  it('reports a missing required key at the mapping that lacks it', async () => {
    const result = await validate(yaml('name: x', 'data:', '  train: { start: 5 }'));
    expect(located(result.stderr)).toEqual([`spec.yaml:3:10: ${specMessages.missingKey('data.train', 'split')}`]);
  });

  it('reports a bad value of a choice with a "did you mean"', async () => {
    const result = await validate(yaml('name: x', 'model:', '  activation: sigmod'));
    expect(located(result.stderr)).toEqual([
      `spec.yaml:3:15: ${specMessages.expectedOneOf('model.activation', ['relu', 'sigmoid', 'tanh'], 'sigmod', 'sigmoid')}`,
    ]);
  });

  it('reports each bad grid value at its own position, checked against the key it replaces', async () => {
    const result = await validate(
      yaml(
        'name: x',
        'grid:',
        '  model.activation: [relu, tanhh]',
        '  training.learning_rate:',
        '    - 0.5',
        '    - -1',
        '  model.init: [he, { std: -1 }]',
      ),
    );
    expect(located(result.stderr)).toEqual([
      `spec.yaml:3:28: ${specMessages.expectedOneOf('grid.model.activation[1]', ['relu', 'sigmoid', 'tanh'], 'tanhh', 'tanh')}`,
      `spec.yaml:6:7: ${specMessages.outOfRange('grid.training.learning_rate[1]', 'a number', '>', 0, -1)}`,
      `spec.yaml:7:27: ${specMessages.outOfRange('grid.model.init[1].std', 'a number', '>', 0, -1)}`,
    ]);
  });

  it('refuses grid keys that are not keys of the spec, suggesting the closest', async () => {
    const result = await validate(yaml('name: x', 'grid:', '  training.learning_rat: [0.1]', '  repeat: [1, 2]'));
    expect(located(result.stderr)).toEqual([
      `spec.yaml:3:3: ${specMessages.gridKeyUnknown('training.learning_rat', 'training.learning_rate')}`,
      `spec.yaml:4:3: ${specMessages.gridKeyNotVariable('repeat')}`,
    ]);
  });

  it('refuses an empty grid list', async () => {
    const result = await validate(yaml('name: x', 'grid:', '  training.batch_size: []'));
    expect(located(result.stderr)).toEqual([`spec.yaml:3:24: ${specMessages.emptyGridList('training.batch_size')}`]);
  });

  it('refuses a grid of more than 1000 runs unless --max-runs raises the limit', async () => {
    const huge = yaml(
      'name: x',
      'grid:',
      `  training.seed: [${Array.from({ length: 101 }, (_, i) => i).join(', ')}]`,
      '  training.learning_rate: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]',
    );
    const refused = await validate(huge);
    expect(located(refused.stderr)).toEqual([`spec.yaml:2:1: ${specMessages.tooManyRuns(1010, 1000)}`]);
    folder?.remove();
    const raised = await validate(huge, '--max-runs', '1010');
    expect(raised.stdout).toBe(`${cliMessages.validOk('spec.yaml', 1010)}\n`);
  });

  it('refuses slices outside the dataset and slices that end before they start', async () => {
    const result = await validate(
      yaml(
        'name: x',
        'data:',
        '  train: { split: train, start: 500, end: 100 }',
        '  evaluate:',
        '    test: { split: test, end: 20000 }',
      ),
    );
    expect(located(result.stderr)).toEqual([
      `spec.yaml:3:43: ${specMessages.sliceEmpty('data.train', 500, 100)}`,
      `spec.yaml:5:31: ${specMessages.sliceOutOfBounds('data.evaluate.test.end', 'test', 10000, 20000)}`,
    ]);
  });

  it('refuses a batch larger than the train slice, at the grid value that makes it so', async () => {
    const result = await validate(
      yaml('name: x', 'data:', '  train: { split: train, end: 500 }', 'grid:', '  training.batch_size: [10, 600]'),
    );
    expect(located(result.stderr)).toEqual([`spec.yaml:5:29: ${specMessages.batchTooLarge(600, 500)}`]);
  });

  it('refuses a report.compare that is not a grid key', async () => {
    const result = await validate(yaml('name: x', 'grid:', '  model.hidden: [[10], [20]]', 'report: { compare: model.hiden }'));
    expect(located(result.stderr)).toEqual([`spec.yaml:4:20: ${specMessages.compareNotGridKey('model.hiden', ['model.hidden'])}`]);
  });

  it('reports a missing dataset folder at the path value', async () => {
    const result = await validate(yaml('name: x', 'data:', '  path: ./nowhere'));
    expect(located(result.stderr)).toEqual([`spec.yaml:3:9: ${specMessages.datasetMissing(`${folder!.dir}/nowhere`)}`]);
  });

  it('reports a dataset path that is a file, not a folder, as a file (not as missing)', async () => {
    const result = await validate(yaml('name: x', 'data:', '  path: ./spec.yaml'));
    expect(located(result.stderr)).toEqual([`spec.yaml:3:9: ${specMessages.datasetNotFolder(`${folder!.dir}/spec.yaml`)}`]);
  });

  it('validates every spec it is given and fails if any fails', async () => {
    folder = tempFolder({ 'good.yaml': valid, 'bad.yaml': yaml('name: x', 'repeat: 0') });
    const result = await cli(['validate', 'good.yaml', 'bad.yaml'], folder.dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe(`${cliMessages.validOk('good.yaml', 2)}\n`);
    expect(located(result.stderr)).toEqual([`bad.yaml:2:9: ${specMessages.outOfRange('repeat', 'an integer', '>=', 1, 0)}`]);
  });

  it('reports a file that cannot be read without a stack trace', async () => {
    const result = await validate(valid);
    const missing = await cli(['validate', 'missing.yaml'], folder!.dir);
    expect(result.code).toBe(0);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^missing\.yaml:1:1: cannot read the file: no such file\n/);
  });

  it('prints its help with --help', async () => {
    const result = await cli(['validate', '--help'], '/');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: run-experiments validate SPEC\.\.\./);
  });
});

describe('--set', () => {
  it('is checked like the file, each problem pointing into the argument', async () => {
    const result = await validate(
      valid,
      '--set',
      'training.iterations=abc',
      '--set',
      'nokey',
      '--set',
      'training.learning_rat=0.1',
    );
    expect(result.code).toBe(2);
    expect(located(result.stderr)).toEqual([
      `--set:1:21: ${specMessages.expectedType('training.iterations', ['integer'], 'abc')}`,
      `--set:1:1: ${specMessages.setSyntax('nokey')}`,
      `--set:1:10: ${specMessages.unknownKey('training', 'learning_rat', [], 'learning_rate')}`,
    ]);
    expect(result.stderr).toContain('    training.iterations=abc\n                        ^\n');
  });

  it('overrides grid values, which are then checked like the file', async () => {
    const result = await validate(valid, '--set', 'grid.training.learning_rate=[0.1, -2]');
    expect(located(result.stderr)).toEqual([
      `--set:1:35: ${specMessages.outOfRange('grid.training.learning_rate[1]', 'a number', '>', 0, -2)}`,
    ]);
  });

  it('reports a YAML error in its value', async () => {
    const result = await validate(valid, '--set', 'model.hidden=[1, 2');
    expect(located(result.stderr)[0]).toMatch(/^--set:1:\d+: YAML: /);
  });
});
