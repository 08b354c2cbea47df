/** Bad model.layers through the command line: validate and run exit 2 at the line and column, writing nothing. */
import { afterEach, describe, expect, it } from 'vitest';
import { specMessages } from '../../src/spec/messages.js';
import { cli, tempFolder, yaml } from './fake-io.js';

let folder: ReturnType<typeof tempFolder> | undefined;
afterEach(() => folder?.remove());

const layers = (...lines: string[]) => yaml('name: layers', 'model:', '  layers:', ...lines.map((line) => `    - ${line}`));

const bad: [string, string, string][] = [
  ['an unknown layer, listing the layer types', layers('conv: { filters: 30, size: 5 }', 'rleu', 'affine: 10'), `5:7: ${specMessages.unknownLayer('model.layers[1]', 'rleu', ['affine', 'conv', 'pool', 'relu', 'sigmoid', 'tanh', 'batchnorm', 'dropout'], null)}`],
  ['an unknown layer close to one', layers('affine: 100', 'dropuot: 0.5', 'affine: 10'), `5:7: ${specMessages.unknownLayer('model.layers[1]', 'dropuot', [], 'dropout')}`],
  ['a shape mismatch: the last layer is not the classes', layers('conv: { filters: 30, size: 5 }', 'relu', 'affine: 100'), `6:7: ${specMessages.wrongOutputs(2, '100', 10)}`],
  ['a pool larger than its input', layers('conv: { filters: 30, size: 5, stride: 2 }', 'pool: { size: 16 }', 'affine: 10'), `5:7: ${specMessages.layerShape(1, 'pool 16x16 receives 30x12x12')}`],
  ['a dropout rate of 1', layers('affine: 100', 'dropout: 1', 'affine: 10'), `5:16: ${specMessages.outOfRange('model.layers[1].dropout', 'a number', '<', 1, 1)}`],
  ['a negative dropout rate', layers('affine: 100', 'dropout: -0.5', 'affine: 10'), `5:16: ${specMessages.outOfRange('model.layers[1].dropout', 'a number', '>=', 0, -0.5)}`],
];

describe.each(['validate', 'run'])('%s with a bad model.layers', (command) => {
  it.each(bad)('refuses %s: exit 2, one located line, no stack, nothing written', async (_, text, expected) => {
    folder = tempFolder({ 'spec.yaml': text });
    const result = await cli([command, 'spec.yaml'], folder.dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n').filter((line) => /^spec\.yaml:\d+:\d+: /.test(line))).toEqual([`spec.yaml:${expected}`]);
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    expect(folder.files()).toEqual(['spec.yaml']);
  });
});

describe('validate with a good model.layers', () => {
  it('accepts the book\'s ConvNet with batchnorm and dropout', async () => {
    folder = tempFolder({ 'spec.yaml': layers('conv: { filters: 30, size: 5 }', 'relu', 'pool: { size: 2, stride: 2 }', 'affine: 100', 'batchnorm', 'relu', 'dropout: 0.5', 'affine: 10') });
    const result = await cli(['validate', 'spec.yaml'], folder.dir);
    expect(result).toMatchObject({ code: 0, stderr: '' });
  });
});
